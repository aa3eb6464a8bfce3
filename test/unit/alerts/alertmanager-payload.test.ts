// The webhook body schema: every fixture Alertmanager could send is read, fields Wheelhouse does
// not know are dropped, and each malformed body is refused with a reason that names the problem.
import { describe, expect, it } from "vitest";
import { hasEnded, parseAlertmanagerPayload } from "../../../src/alerts/alertmanager-payload.ts";
import {
  type AlertFixture,
  alertFixture,
  malformedFixtures,
} from "../../support/alertmanager-fixtures.ts";

const VALID: AlertFixture[] = [
  "firing",
  "repeated",
  "added",
  "resolved",
  "grouped",
  "unknown-workload",
  "unauthenticated",
  "oversize",
];

describe("parseAlertmanagerPayload", () => {
  it.each(VALID)("reads %s.json", (name) => {
    const parsed = parseAlertmanagerPayload(
      alertFixture(name, { NAMESPACE: "alerts-x", POD: "web-1" }),
    );
    expect(parsed.ok).toBe(true);
  });

  it("reads a firing notification's group and alerts", () => {
    const parsed = parseAlertmanagerPayload(
      alertFixture("firing", { NAMESPACE: "shop", POD: "web-6d9f-x2k4p" }),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.payload).toMatchObject({
      version: "4",
      status: "firing",
      groupLabels: { alertname: "KubePodCrashLooping", namespace: "shop" },
      alerts: [
        {
          status: "firing",
          fingerprint: "a1c3e5f7092b4d6f",
          labels: { pod: "web-6d9f-x2k4p", namespace: "shop" },
          annotations: { summary: "Pod is crash looping." },
        },
      ],
    });
    expect(hasEnded(parsed.payload.alerts[0] ?? { endsAt: "" })).toBe(false);
  });

  it("drops fields it does not know (Grafana's extras, future additions)", () => {
    const body = JSON.parse(alertFixture("firing", { NAMESPACE: "shop", POD: "p" }));
    body.orgId = 1;
    body.alerts[0].silenceURL = "https://grafana.example/silence";
    body.alerts[0].values = { B: 44.2 };
    const parsed = parseAlertmanagerPayload(JSON.stringify(body));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.payload).not.toHaveProperty("orgId");
    expect(parsed.payload.alerts[0]).not.toHaveProperty("silenceURL");
  });

  it("sees that resolved alerts have ended", () => {
    const parsed = parseAlertmanagerPayload(alertFixture("resolved", { NAMESPACE: "shop" }));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.payload.alerts.map(hasEnded)).toEqual([true, true]);
  });

  it.each(malformedFixtures().map((c) => [c.name, c] as const))("refuses %s", (_name, c) => {
    const parsed = parseAlertmanagerPayload(c.body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toContain(c.reason);
  });
});
