// prom-client metrics as Prometheus scrapes them: counters, histograms, scrape-time gauges, the
// process and event-loop metrics, and label values redacted.
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/observe/metrics.ts";

describe("Metrics", () => {
  it("renders counters in the Prometheus text format and counts them synchronously", async () => {
    const m = new Metrics({ defaults: false });
    m.inc("wheelhouse_requests_total", { source: "mention" });
    m.inc("wheelhouse_requests_total", { source: "mention" });
    m.inc("wheelhouse_approvals_total", { result: 'we"ird' });
    const text = await m.render();
    expect(text).toContain("# TYPE wheelhouse_requests_total counter\n");
    expect(text).toContain('wheelhouse_requests_total{source="mention"} 2\n');
    expect(text).toContain('wheelhouse_approvals_total{result="we_ird"} 1\n');
    expect(m.value("wheelhouse_requests_total", { source: "mention" })).toBe(2);
    expect(m.value("wheelhouse_requests_total", { source: "dm" })).toBe(0);
  });

  it("keeps histograms of helm calls by subcommand, and reads gauges when scraped", async () => {
    const m = new Metrics({ defaults: false });
    m.observe("wheelhouse_helm_call_duration_seconds", { subcommand: "upgrade", outcome: "ok" }, 3);
    let depth = 4;
    m.gauge("wheelhouse_test_depth", "A gauge read at scrape time.", [], async (set) => {
      set({}, depth);
    });
    const text = await m.render();
    expect(text).toContain(
      'wheelhouse_helm_call_duration_seconds_bucket{le="5",subcommand="upgrade",outcome="ok"} 1\n',
    );
    expect(text).toContain(
      'wheelhouse_helm_call_duration_seconds_bucket{le="2",subcommand="upgrade",outcome="ok"} 0\n',
    );
    expect(text).toContain("wheelhouse_test_depth 4\n");
    depth = 0;
    expect(await m.render()).toContain("wheelhouse_test_depth 0\n");
  });

  it("includes Node's process and event-loop metrics by default", async () => {
    const text = await new Metrics().render();
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("redacts label values: /metrics is a way out of the process too", async () => {
    const m = new Metrics({ defaults: false });
    m.inc("wheelhouse_executions_total", { outcome: "postgres://app:Pq9xWm2Lr7Vt@db/app" });
    const text = await m.render();
    expect(text).not.toContain("Pq9xWm2Lr7Vt");
    expect(text).toContain("wheelhouse_executions_total{outcome=");
  });
});
