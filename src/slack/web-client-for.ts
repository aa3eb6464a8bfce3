// The Slack Web API client every role uses, pointed at SLACK_API_URL when set.
import { webApi } from "@slack/bolt";
import type { Config } from "../config/config.ts";
import type { Log } from "../observe/log.ts";
import { boltLogger } from "./bolt-logger.ts";
import { SLACK_RETRY_DEFAULTS } from "./slack-retry.ts";

// A few quick retries for what the bot reads (auth.test, user groups), where repeating is safe.
// What it posts goes through SlackOut, which retries on its own terms (slack-retry.ts).
export const SLACK_RETRIES = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000 };

// SLACK_API_URL as WebClient wants it: with the trailing slash.
export function slackApiUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.endsWith("/") ? url : `${url}/`;
}

// SlackOut's client: the same token and URL, but it never retries on its own (a blind retry
// re-posts a message that landed but whose answer was lost: slack-retry.ts decides instead),
// hands 429s back with their Retry-After, and gives up on a request after `timeoutMs`.
export function nonRetryingClient(
  client: webApi.WebClient,
  log: Log,
  timeoutMs: number,
): webApi.WebClient {
  return new webApi.WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    logger: boltLogger(log),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
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
    // No call may hang a listener (an approval waits on usergroups.users.list).
    timeout: SLACK_RETRY_DEFAULTS.requestTimeoutMs,
  });
}
