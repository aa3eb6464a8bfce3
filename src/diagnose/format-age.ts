// "40 s", "12 min", "2 h", "3 d": how long ago something happened, measured from the snapshot's
// time (not the clock) so a saved snapshot diagnoses the same way tomorrow. Pure.

// Milliseconds between two ISO times; null when either is missing or unreadable.
export function elapsedMs(since: string | null | undefined, now: string): number | null {
  if (since === null || since === undefined || since === "") return null;
  const from = Date.parse(since);
  const to = Date.parse(now);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.max(0, to - from);
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

// "2 h ago", or "at an unknown time" when the time cannot be read.
export function formatAgo(since: string | null | undefined, now: string): string {
  const ms = elapsedMs(since, now);
  return ms === null ? "at an unknown time" : `${formatDuration(ms)} ago`;
}
