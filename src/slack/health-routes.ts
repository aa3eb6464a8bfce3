// /healthz (the process answers), /readyz (Redis and the cluster answer; cached a few seconds so
// probes never pile up kubectl processes) and /metrics, as Bolt custom routes.
import type { ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import { redactText } from "../redact/redact-text.ts";
import type { Metrics } from "./metrics.ts";

export type ReadinessCheck = () => Promise<Array<{ name: string; ok: boolean; detail?: string }>>;

function reply(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function healthRoutes(
  metrics: Metrics,
  check: ReadinessCheck,
  cacheMs = 5000,
): CustomRoute[] {
  let last: { at: number; result: Awaited<ReturnType<ReadinessCheck>> } | null = null;
  let inFlight: ReturnType<ReadinessCheck> | null = null;
  const ready = async () => {
    if (last && Date.now() - last.at < cacheMs) return last.result;
    inFlight ??= check().finally(() => {
      inFlight = null;
    });
    const result = await inFlight;
    last = { at: Date.now(), result };
    return result;
  };
  return [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req, res) => reply(res, 200, "ok\n", "text/plain"),
    },
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req, res) => {
        ready().then(
          (checks) => {
            const ok = checks.every((c) => c.ok);
            reply(
              res,
              ok ? 200 : 503,
              `${JSON.stringify({ ready: ok, checks })}\n`,
              "application/json",
            );
          },
          (error: unknown) =>
            reply(
              res,
              503,
              `${JSON.stringify({ ready: false, error: redactText(String(error)) })}\n`,
              "application/json",
            ),
        );
      },
    },
    {
      path: "/metrics",
      method: ["GET"],
      handler: (_req, res) =>
        reply(res, 200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8"),
    },
  ];
}
