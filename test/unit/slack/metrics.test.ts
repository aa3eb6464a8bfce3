import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/slack/metrics.ts";

describe("Metrics", () => {
  it("renders every counter in the Prometheus text format, zero when unseen", () => {
    const m = new Metrics();
    m.inc("wheelhouse_requests_total", { source: "mention" });
    m.inc("wheelhouse_requests_total", { source: "mention" });
    m.inc("wheelhouse_approvals_total", { result: 'we"ird' });
    const text = m.render();
    expect(text).toContain(
      '# TYPE wheelhouse_requests_total counter\nwheelhouse_requests_total{source="mention"} 2\n',
    );
    expect(text).toContain("wheelhouse_plans_total 0\n");
    expect(text).toContain('wheelhouse_approvals_total{result="we_ird"} 1\n');
    expect(m.value("wheelhouse_requests_total", { source: "mention" })).toBe(2);
  });

  it("redacts label values: /metrics is a way out of the process too", () => {
    const m = new Metrics();
    m.inc("wheelhouse_executions_total", { outcome: "postgres://app:Pq9xWm2Lr7Vt@db/app" });
    expect(m.render()).not.toContain("Pq9xWm2Lr7Vt");
    expect(m.render()).toContain("wheelhouse_executions_total{outcome=");
  });
});
