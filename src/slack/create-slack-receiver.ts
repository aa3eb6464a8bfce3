// How Slack reaches the app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on
// /slack/events (signing secret verified, requests from the future refused). Both serve the
// custom routes (health, alerts) on PORT.
import {
  type CustomRoute,
  HTTPReceiver,
  type Logger,
  type Receiver,
  SocketModeReceiver,
} from "@slack/bolt";
import type { Log } from "../observe/log.ts";
import type { SlackConfig } from "./create-slack-app.ts";
import type { InFlightRequests } from "./in-flight-requests.ts";
import { refuseFutureRequests } from "./verify-request-time.ts";
import { slackApiUrl } from "./web-client-for.ts";

export interface ReceiverDeps {
  customRoutes: CustomRoute[];
  logger: Logger;
  now: () => Date;
  log: Log;
  // Counts the HTTP requests not answered yet, for the work queues to step aside.
  inFlight?: InFlightRequests;
}

export function createSlackReceiver(config: SlackConfig, d: ReceiverDeps): Receiver {
  const { customRoutes, logger } = d;
  if (config.SLACK_APP_TOKEN) {
    const url = slackApiUrl(config.SLACK_API_URL);
    return new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN,
      customRoutes,
      // The socket client opens its connection (apps.connections.open) with a WebClient of its
      // own: it must call the same Slack API as the app. Its default retries (many, for
      // reconnecting) are kept, so only the URL is given.
      installerOptions: { port: config.PORT, clientOptions: url ? { slackApiUrl: url } : {} },
      logger,
    });
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET ?? "",
    endpoints: "/slack/events",
    customRoutes,
    processBeforeResponse: false,
    logger,
    port: config.PORT,
  });
  const verified = refuseFutureRequests(receiver.requestListener, d);
  receiver.requestListener = d.inFlight ? d.inFlight.wrap(verified) : verified;
  return receiver;
}
