// Questions the rules ask of helm's history. Pure.
import type { HelmStatus } from "../model/release.ts";
import type { SnapshotHistoryEntry } from "../model/release-snapshot.ts";

// deployed or superseded: helm finished installing it and it ran until replaced.
const RAN: ReadonlySet<HelmStatus> = new Set(["deployed", "superseded"]);

export function ran(entry: SnapshotHistoryEntry): boolean {
  return RAN.has(entry.status);
}

// The newest revision before `before` that ran; null when none did.
export function lastRanRevision(
  history: readonly SnapshotHistoryEntry[],
  before: number,
): SnapshotHistoryEntry | null {
  let best: SnapshotHistoryEntry | null = null;
  for (const entry of history) {
    if (entry.revision >= before || !ran(entry)) continue;
    if (best === null || entry.revision > best.revision) best = entry;
  }
  return best;
}

export function historyEntry(
  history: readonly SnapshotHistoryEntry[],
  revision: number,
): SnapshotHistoryEntry | null {
  return history.find((h) => h.revision === revision) ?? null;
}
