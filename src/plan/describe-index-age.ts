// How old the repository index behind a plan's versions was, in words: a plan made from an
// index fetched last week may not know this week's release. Pure.
import type { IndexAge } from "./plan-types.ts";

function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

const WHY: Record<NonNullable<IndexAge["refreshed"]>, string> = {
  ttl: "refreshed for this plan: it was older than WHEELHOUSE_REPO_REFRESH_SECONDS",
  "not-found": "refreshed for this plan: the chart or version was not in it",
};

export function describeIndexAge(index: IndexAge): string {
  const age =
    index.ageSeconds === null
      ? `index of ${index.repository}: never fetched (helm repo update)`
      : `index of ${index.repository} fetched ${ago(index.ageSeconds)}`;
  return index.refreshed === null ? age : `${age} (${WHY[index.refreshed]})`;
}
