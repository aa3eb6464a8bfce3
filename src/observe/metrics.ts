// Metrics through prom-client, one registry per process role: Node's process and event-loop
// metrics, Wheelhouse's counters, and histograms of the times a dashboard charts. Label values
// are redacted as they are recorded: /metrics is a way out of the process too.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { redactText } from "../redact/redact-text.ts";

const COUNTERS = {
  wheelhouse_requests_total: ["Requests received, by source (mention, dm, command).", ["source"]],
  wheelhouse_plans_total: ["Mutation requests answered, by result (plan or refusal).", ["result"]],
  wheelhouse_approvals_total: ["Approve and Reject clicks, by result.", ["result"]],
  wheelhouse_executions_total: ["Approved plans that finished running, by outcome.", ["outcome"]],
} as const;
export type CounterName = keyof typeof COUNTERS;

// Buckets in seconds: a plan takes a few seconds, helm calls up to minutes, changes up to hours.
const HISTOGRAMS = {
  wheelhouse_time_to_plan_seconds: [
    "From a request's arrival to its plan (or refusal) in the thread, by result.",
    ["result"],
    [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
  ],
  wheelhouse_helm_call_duration_seconds: [
    "Duration of each helm process, by subcommand and outcome.",
    ["subcommand", "outcome"],
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
  ],
  wheelhouse_execution_duration_seconds: [
    "From a worker taking an approved plan to its report (helm and validation), by operation and outcome.",
    ["operation", "outcome"],
    [1, 5, 10, 30, 60, 120, 300, 600, 1200, 3600],
  ],
} as const;
export type HistogramName = keyof typeof HISTOGRAMS;

type Labels = Record<string, string>;

function cleanLabels(labels: Labels): Labels {
  return Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k, redactText(v).replace(/["\\\n]/g, "_")]),
  );
}

export class Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter<string>>();
  private readonly histograms = new Map<string, Histogram<string>>();
  // Counts read synchronously (tests, the playground); prom-client's own read is async.
  private readonly counts = new Map<string, number>();

  // defaults: Node's process and event-loop metrics (off where many registries live in a process).
  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry });
    for (const [name, [help, labelNames]] of Object.entries(COUNTERS)) {
      const counter = new Counter({ name, help, labelNames, registers: [this.registry] });
      this.counters.set(name, counter);
    }
    for (const [name, [help, labelNames, buckets]] of Object.entries(HISTOGRAMS)) {
      const histogram = new Histogram({
        name,
        help,
        labelNames,
        buckets: [...buckets],
        registers: [this.registry],
      });
      this.histograms.set(name, histogram);
    }
  }

  inc(name: CounterName, labels: Labels = {}): void {
    const clean = cleanLabels(labels);
    this.counters.get(name)?.inc(clean);
    const key = `${name}${JSON.stringify(Object.entries(clean).sort())}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  value(name: CounterName, labels: Labels = {}): number {
    const clean = cleanLabels(labels);
    return this.counts.get(`${name}${JSON.stringify(Object.entries(clean).sort())}`) ?? 0;
  }

  observe(name: HistogramName, labels: Labels, seconds: number): void {
    this.histograms.get(name)?.observe(cleanLabels(labels), seconds);
  }

  // A gauge read when /metrics is scraped (queue depth and age).
  gauge(
    name: string,
    help: string,
    labelNames: string[],
    read: (set: GaugeSetter) => Promise<void>,
  ) {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await read((labels, value) => this.set(cleanLabels(labels), value));
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

export type GaugeSetter = (labels: Labels, value: number) => void;
