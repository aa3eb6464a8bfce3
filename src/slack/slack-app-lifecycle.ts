// Starting and stopping the Slack app: `start` listens (HTTP) or connects (Socket Mode);
// `stop` stops receiving first, then waits a while for the work already acknowledged.
import { Server } from "node:http";
import type { App } from "@slack/bolt";
import { withDeadline } from "../observe/health-routes.ts";
import type { Log } from "../observe/log.ts";
import type { SlackConfig } from "./create-slack-app.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface LifecycleDeps {
  app: App;
  config: SlackConfig;
  log: Log;
  queue: WorkQueue;
  idle: () => Promise<void>;
}

export function slackAppLifecycle(d: LifecycleDeps) {
  const { app, config, log } = d;
  return {
    async start(): Promise<{ port: number | null }> {
      const started: unknown = await app.start(config.PORT);
      if (config.SLACK_APP_TOKEN) {
        log("info", "slack app connected", { mode: "socket", routesPort: config.PORT });
        return { port: null };
      }
      const address = started instanceof Server ? started.address() : null;
      const port = typeof address === "object" && address !== null ? address.port : config.PORT;
      log("info", "slack app listening", { port, mode: "http" });
      return { port };
    },
    async stop(timeoutMs = 30_000): Promise<void> {
      await app.stop();
      d.queue.close();
      await withDeadline(d.idle(), timeoutMs, "work in flight").catch((error: unknown) =>
        log("warn", "stopped with work in flight", { error: String(error) }),
      );
    },
  };
}
