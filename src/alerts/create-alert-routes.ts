// Everything the app mounts for Alertmanager, from configuration and adapters: the route (none
// without ALERTMANAGER_TOKEN: an unauthenticated webhook is never served) and its background.
import type { Config } from "../config/config.ts";
import { errorFields, logRedacted } from "./alert-deps.ts";
import { type AlertmanagerRoute, alertmanagerRoute } from "./alertmanager-route.ts";
import { createBackgroundWork } from "./background-work.ts";
import { type AlertGroupDeps, processAlertGroup } from "./process-alert-group.ts";
import { createAlertmanagerWebhook } from "./receive-alertmanager-webhook.ts";

export interface AlertRoutes {
  routes: AlertmanagerRoute[];
  // Resolves when every accepted notification has been worked on.
  idle(): Promise<void>;
}

export interface AlertRoutesOptions {
  config: Pick<Config, "ALERTMANAGER_TOKEN" | "ALERTMANAGER_MAX_BODY_BYTES">;
  deps: AlertGroupDeps;
  // Notifications worked on at once. Default 4.
  concurrency?: number;
  // Requests on the port not answered yet; while any, one notification at a time (acks first).
  answering?: () => number;
}

export function createAlertRoutes(options: AlertRoutesOptions): AlertRoutes {
  const { config, deps } = options;
  const token = config.ALERTMANAGER_TOKEN;
  if (token === undefined) {
    deps.log("info", "ALERTMANAGER_TOKEN is not set: no Alertmanager webhook", {});
    return { routes: [], idle: async () => {} };
  }
  const background = createBackgroundWork(
    options.concurrency ?? 4,
    (error) => logRedacted(deps.log, "error", "alert notification failed", errorFields(error)),
    options.answering,
  );
  const webhook = createAlertmanagerWebhook({
    token,
    maxBodyBytes: config.ALERTMANAGER_MAX_BODY_BYTES,
    process: async (payload) => {
      const outcome = await processAlertGroup(payload, deps);
      logRedacted(deps.log, "info", "alert notification handled", {
        groupKey: payload.groupKey,
        status: payload.status,
        alerts: payload.alerts.length,
        outcome: outcome.kind,
      });
    },
  });
  return { routes: [alertmanagerRoute(webhook, background)], idle: () => background.idle() };
}
