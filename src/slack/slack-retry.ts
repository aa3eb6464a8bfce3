// How a Slack call is retried. A 429 means Slack did nothing: wait its Retry-After, try again. A
// 5xx or a network failure (a timeout too) may come after Slack acted, so a call that is not
// safe to repeat asks `alreadyDone` first (did our post land after all?). Anything else is an
// answer, not a failure. Bounded: `attempts` tries, none started after `deadlineMs`.

export interface SlackRetryPolicy {
  // Tries in all, the first included. Default 4.
  attempts: number;
  // Wait after the first 5xx or network failure, doubled on each one after. Default 250 ms.
  minDelayMs: number;
  // The longest such wait. Default 2000 ms.
  maxDelayMs: number;
  // No try starts later than this after the first; a Retry-After ending later gives up at
  // once. Default 30 s: a chat message that arrives minutes late helps nobody.
  deadlineMs: number;
  // One request's time limit (it then counts as a network failure). Default 10 s.
  requestTimeoutMs: number;
}

export const SLACK_RETRY_DEFAULTS: SlackRetryPolicy = {
  attempts: 4,
  minDelayMs: 250,
  maxDelayMs: 2000,
  deadlineMs: 30_000,
  requestTimeoutMs: 10_000,
};

export function slackRetryPolicy(overrides: Partial<SlackRetryPolicy> = {}): SlackRetryPolicy {
  return { ...SLACK_RETRY_DEFAULTS, ...overrides };
}

// The call failed every try, or the next wait would end past the deadline.
export class SlackGaveUpError extends Error {
  readonly code = "slack_gave_up";
  readonly method: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  // The code of the last failure ("slack_webapi_http_error_503", …).
  readonly lastCode: string;
  constructor(
    d: { method: string; attempts: number; elapsedMs: number; lastCode: string },
    options: { cause: unknown },
  ) {
    super(
      `Slack ${d.method}: gave up after ${d.attempts} tries in ${d.elapsedMs} ms (${d.lastCode})`,
      options,
    );
    this.method = d.method;
    this.attempts = d.attempts;
    this.elapsedMs = d.elapsedMs;
    this.lastCode = d.lastCode;
  }
}

type Failure =
  | { kind: "rate-limited"; waitMs: number | null; code: string }
  | { kind: "unavailable"; code: string }
  | { kind: "answer" };

const HTTP_ERRORS = new Set([
  "slack_webapi_http_error",
  "slack_bolt_respond_error",
  "slack_upload_http_error",
]);
const NETWORK_ERRORS = new Set(["slack_webapi_request_error", "slack_upload_request_error"]);

// By the error codes of @slack/web-api and Bolt's respond(), and our upload's (upload-file.ts).
export function classifySlackFailure(error: unknown): Failure {
  if (typeof error !== "object" || error === null) return { kind: "answer" };
  const code = String(Reflect.get(error, "code") ?? "");
  const retryAfter = Reflect.get(error, "retryAfter");
  if (code === "slack_webapi_rate_limited_error")
    return { kind: "rate-limited", waitMs: Number(retryAfter) * 1000, code };
  if (NETWORK_ERRORS.has(code)) return { kind: "unavailable", code };
  const status = Number(Reflect.get(error, "statusCode"));
  if (HTTP_ERRORS.has(code)) {
    if (status === 429) {
      const wait = Number(retryAfter);
      return { kind: "rate-limited", waitMs: Number.isFinite(wait) ? wait * 1000 : null, code };
    }
    if (status >= 500) return { kind: "unavailable", code: `${code}_${status}` };
  }
  return { kind: "answer" };
}

export interface RetryOptions<T> {
  // A call that may have taken effect before its failure: what it did, or null (then retried).
  alreadyDone?: () => Promise<T | null>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retrySlackCall<T>(
  method: string,
  policy: SlackRetryPolicy,
  call: () => Promise<T>,
  options: RetryOptions<T> = {},
): Promise<T> {
  const started = Date.now();
  let backoff = policy.minDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = classifySlackFailure(error);
      if (failure.kind === "answer") throw error;
      const waitMs =
        failure.kind === "rate-limited" && failure.waitMs !== null ? failure.waitMs : backoff;
      if (failure.kind === "unavailable" || failure.waitMs === null)
        backoff = Math.min(backoff * 2, policy.maxDelayMs);
      const elapsed = Date.now() - started;
      const last = attempt >= policy.attempts || elapsed + waitMs > policy.deadlineMs;
      if (!last) await pause(waitMs);
      // After the wait (Slack had a moment to show it): did the post land after all?
      if (failure.kind === "unavailable" && options.alreadyDone) {
        const done = await options.alreadyDone();
        if (done !== null) return done;
      }
      if (last)
        throw new SlackGaveUpError(
          { method, attempts: attempt, elapsedMs: elapsed, lastCode: failure.code },
          { cause: error },
        );
    }
  }
}
