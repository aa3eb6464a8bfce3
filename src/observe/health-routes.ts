// /healthz (the process answers), /readyz (Redis and the cluster answer; cached a few seconds so
// probes never pile up kubectl processes) and /metrics. The observability port serves all three
// with details; the Slack-facing port serves /healthz and a bare /readyz unless told to expose
// the metrics and the readiness details there too (those name hosts and failures).
import type { IncomingMessage, ServerResponse } from "node:http";
import { redactText } from "../redact/redact-text.ts";
import type { Metrics } from "./metrics.ts";

export type ReadinessCheck = () => Promise<Array<{ name: string; ok: boolean; detail?: string }>>;

export interface HealthRoute {
  path: string;
  method: ["GET"];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

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

// One check at a time, its answer reused for cacheMs.
export function cachedReadiness(check: ReadinessCheck, cacheMs = 5000): ReadinessCheck {
  let last: { at: number; result: Awaited<ReturnType<ReadinessCheck>> } | null = null;
  let inFlight: ReturnType<ReadinessCheck> | null = null;
  return async () => {
    if (last && Date.now() - last.at < cacheMs) return last.result;
    inFlight ??= check().finally(() => {
      inFlight = null;
    });
    const result = await inFlight;
    last = { at: Date.now(), result };
    return result;
  };
}

function readyBody(checks: Awaited<ReturnType<ReadinessCheck>>, details: boolean): string {
  const ready = checks.every((c) => c.ok);
  const shown = details ? checks : checks.map(({ name, ok }) => ({ name, ok }));
  return `${JSON.stringify({ ready, checks: shown })}\n`;
}

export interface HealthRouteOptions {
  // /metrics and readiness details (redacted failure text). Default true.
  details?: boolean;
  cacheMs?: number;
}

export function healthRoutes(
  metrics: Metrics,
  check: ReadinessCheck,
  options: HealthRouteOptions = {},
): HealthRoute[] {
  const details = options.details ?? true;
  const ready = cachedReadiness(check, options.cacheMs);
  const routes: HealthRoute[] = [
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
          (checks) =>
            reply(
              res,
              checks.every((c) => c.ok) ? 200 : 503,
              readyBody(checks, details),
              "application/json",
            ),
          (error: unknown) => {
            const body = details
              ? { ready: false, error: redactText(String(error)) }
              : { ready: false };
            reply(res, 503, `${JSON.stringify(body)}\n`, "application/json");
          },
        );
      },
    },
  ];
  if (!details) return routes;
  routes.push({
    path: "/metrics",
    method: ["GET"],
    handler: (_req, res) => {
      metrics.render().then(
        (text) => reply(res, 200, text, metrics.contentType),
        (error: unknown) => reply(res, 500, `${redactText(String(error))}\n`, "text/plain"),
      );
    },
  });
  return routes;
}
