// The Slack Web API client every role uses, pointed at SLACK_API_URL when set.
import { webApi } from "@slack/bolt";
import type { Config } from "../config/config.ts";
import type { Log } from "../observe/log.ts";
import { boltLogger } from "./bolt-logger.ts";

// A few quick retries: a chat message that arrives minutes late helps nobody.
export const SLACK_RETRIES = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000 };

// SLACK_API_URL as WebClient wants it: with the trailing slash.
export function slackApiUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.endsWith("/") ? url : `${url}/`;
}

// The client logs through ours (redacted, JSON), not to the console on its own.
export function webClientFor(
  config: Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_API_URL">,
  log: Log,
): webApi.WebClient {
  const url = slackApiUrl(config.SLACK_API_URL);
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(url ? { slackApiUrl: url } : {}),
    logger: boltLogger(log),
    retryConfig: SLACK_RETRIES,
  });
}
