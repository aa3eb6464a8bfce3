// Counters for /metrics in the Prometheus text format: small enough to own, no registry library.
// Label values are redacted as they are recorded: /metrics is a way out of the process too.
import { redactText } from "../redact/redact-text.ts";

export type CounterName =
  | "wheelhouse_requests_total"
  | "wheelhouse_plans_total"
  | "wheelhouse_approvals_total"
  | "wheelhouse_executions_total";

const HELP: Record<CounterName, string> = {
  wheelhouse_requests_total: "Requests received, by source (mention, dm, command).",
  wheelhouse_plans_total: "Mutation requests answered, by result (plan or refusal).",
  wheelhouse_approvals_total: "Approve and Reject clicks, by result.",
  wheelhouse_executions_total: "Approved plans that finished running, by outcome.",
};

const COUNTERS = Object.keys(HELP).filter((k): k is CounterName => k in HELP);

function labelKey(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${redactText(v).replace(/["\\\n]/g, "_")}"`)
    .join(",");
}

export class Metrics {
  private readonly counters = new Map<CounterName, Map<string, number>>();

  inc(name: CounterName, labels: Record<string, string> = {}): void {
    const key = labelKey(labels);
    const series = this.counters.get(name) ?? new Map<string, number>();
    series.set(key, (series.get(key) ?? 0) + 1);
    this.counters.set(name, series);
  }

  value(name: CounterName, labels: Record<string, string> = {}): number {
    return this.counters.get(name)?.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const name of COUNTERS) {
      lines.push(`# HELP ${name} ${HELP[name]}`, `# TYPE ${name} counter`);
      const series = this.counters.get(name);
      if (!series || series.size === 0) lines.push(`${name} 0`);
      else
        for (const [labels, n] of series) lines.push(`${name}${labels ? `{${labels}}` : ""} ${n}`);
    }
    return `${lines.join("\n")}\n`;
  }
}
