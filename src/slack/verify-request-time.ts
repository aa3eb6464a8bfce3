// Slack signs x-slack-request-timestamp with the body. Bolt refuses a request stamped more than
// five minutes ago, but not one stamped in the future: a signed request dated ahead could be
// replayed until that date. Slack's clock never runs ahead of ours by minutes, so such a request
// is refused before Bolt, or any custom route, sees it.
import type { RequestListener } from "node:http";
import type { Log } from "../observe/log.ts";

// Slack's own tolerance for stale requests, applied the other way.
export const MAX_REQUEST_AHEAD_SECONDS = 5 * 60;

export type RequestTimeVerdict = { ok: true } | { ok: false; reason: string };

// Pure. A missing or unreadable stamp is Bolt's to refuse (with the signature it belongs to).
export function checkRequestTime(
  header: string | string[] | undefined,
  nowMs: number,
): RequestTimeVerdict {
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text === undefined || text.trim() === "") return { ok: true };
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) return { ok: true };
  const ahead = seconds - nowMs / 1000;
  if (ahead <= MAX_REQUEST_AHEAD_SECONDS) return { ok: true };
  return {
    ok: false,
    reason: `x-slack-request-timestamp is ${Math.round(ahead)} s ahead of this server's clock (at most ${MAX_REQUEST_AHEAD_SECONDS} s)`,
  };
}

// Wraps an HTTP receiver's listener: a request stamped too far ahead gets 401, like Bolt's.
export function refuseFutureRequests(
  listener: RequestListener,
  options: { now: () => Date; log: Log },
): RequestListener {
  return (req, res) => {
    const verdict = checkRequestTime(
      req.headers["x-slack-request-timestamp"],
      options.now().getTime(),
    );
    if (verdict.ok) {
      listener(req, res);
      return;
    }
    options.log("warn", "request refused", {
      reason: verdict.reason,
      path: req.url?.split("?")[0],
    });
    req.resume();
    res.writeHead(401);
    res.end();
  };
}
