// What the watcher makes of one line of `helm list`: healthy, broken (failed, or pending-* for
// longer than the threshold: helm refuses new operations on it meanwhile), settling (pending,
// not for long yet) or none of its business. Pure.
import type { ReleaseSummary } from "../model/release.ts";
import { parseHelmTime } from "./parse-helm-time.ts";

export type ReleaseHealth =
  | { kind: "healthy" }
  | { kind: "broken"; since: Date | null }
  | { kind: "settling"; since: Date }
  | { kind: "ignored" };

const PENDING = new Set(["pending-install", "pending-upgrade", "pending-rollback", "uninstalling"]);

export function isPending(status: string): boolean {
  return PENDING.has(status);
}

// firstSeenPending: when this watcher first saw it pending, for an `updated` it cannot read.
export function classifyReleaseHealth(
  release: ReleaseSummary,
  now: Date,
  pendingThresholdMs: number,
  firstSeenPending: Date | null,
): ReleaseHealth {
  if (release.status === "deployed" || release.status === "superseded") return { kind: "healthy" };
  if (release.status === "failed") return { kind: "broken", since: parseHelmTime(release.updated) };
  if (!isPending(release.status)) return { kind: "ignored" };
  const since = parseHelmTime(release.updated) ?? firstSeenPending ?? now;
  return now.getTime() - since.getTime() >= pendingThresholdMs
    ? { kind: "broken", since }
    : { kind: "settling", since };
}
