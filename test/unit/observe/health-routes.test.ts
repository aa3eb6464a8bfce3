// What each port shows: the observability port the readiness details and /metrics; the
// Slack-facing one (details off) a bare /readyz that names no host and no failure.
import { afterEach, describe, expect, it } from "vitest";
import { healthRoutes } from "../../../src/observe/health-routes.ts";
import { Metrics } from "../../../src/observe/metrics.ts";
import {
  type ObservabilityServer,
  serveObservability,
} from "../../../src/observe/serve-observability.ts";

const failing = async () => [
  { name: "redis", ok: true },
  { name: "cluster", ok: false, detail: "dial tcp 10.0.0.7:6443: connection refused" },
];

describe("healthRoutes", () => {
  let server: ObservabilityServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function serve(details: boolean) {
    const metrics = new Metrics({ defaults: false });
    metrics.inc("wheelhouse_requests_total", { source: "dm" });
    server = await serveObservability(healthRoutes(metrics, failing, { details }), 0, "127.0.0.1");
    return `http://127.0.0.1:${server.port}`;
  }

  it("shows readiness details and the metrics where they are meant to be seen", async () => {
    const base = await serve(true);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      ready: false,
      checks: [{ name: "redis" }, { name: "cluster", detail: expect.stringContaining("6443") }],
    });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toContain('wheelhouse_requests_total{source="dm"} 1');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  it("shows neither on a port that faces Slack", async () => {
    const base = await serve(false);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = await ready.text();
    expect(body).not.toContain("10.0.0.7");
    expect(JSON.parse(body)).toEqual({
      ready: false,
      checks: [
        { name: "redis", ok: true },
        { name: "cluster", ok: false },
      ],
    });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok\n");
  });
});
