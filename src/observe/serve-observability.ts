// Each role's own port for what a platform's monitoring scrapes and probes: /metrics, /healthz
// and /readyz (with details), apart from the Slack-facing port, so it can stay inside the cluster.

import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { HealthRoute } from "./health-routes.ts";

export interface ObservabilityServer {
  port: number;
  close(): Promise<void>;
}

export async function serveObservability(
  routes: HealthRoute[],
  port: number,
  host = "0.0.0.0",
): Promise<ObservabilityServer> {
  const byPath = new Map(routes.map((r) => [r.path, r]));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = byPath.get(path);
    if (route === undefined || req.method !== "GET") {
      res.writeHead(route === undefined ? 404 : 405, { "content-type": "text/plain" });
      res.end(route === undefined ? "not found\n" : "method not allowed\n");
      return;
    }
    route.handler(req, res);
  });
  server.listen(port, host);
  await once(server, "listening");
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
