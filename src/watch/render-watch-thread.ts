// The watcher's thread messages: the top post of an episode (updated when it ends) and its
// replies. Plain text from plain data; to become a renderer of the neutral message model.
import { formatDuration, formatTime, plainMessage } from "../alerts/plain-message.ts";
import type { ThreadMessage } from "../alerts/thread-poster.ts";
import type { ReleaseRef, ReleaseSummary } from "../model/release.ts";
import type { Episode } from "../store/release-episodes.ts";

const ref = (r: ReleaseRef) => `${r.namespace}/${r.name}`;

function brokenLine(release: ReleaseSummary, since: Date | null, now: Date): string {
  const at = `revision ${release.revision}, chart ${release.chart}`;
  if (release.status === "failed") {
    return `${ref(release)} is failed (${at}, updated ${formatTime(release.updated)}).`;
  }
  const how = since === null ? "" : ` for ${formatDuration(now.getTime() - since.getTime())}`;
  return `${ref(release)} has been ${release.status}${how} (${at}); helm refuses new operations on it until that is resolved.`;
}

export function renderEpisodeOpened(
  release: ReleaseSummary,
  since: Date | null,
  now: Date,
): ThreadMessage {
  return plainMessage(`[${release.status.toUpperCase()}] ${ref(release)}`, [
    brokenLine(release, since, now),
    "Noticed by the release watcher; the diagnosis follows in this thread.",
  ]);
}

export function renderEpisodeChanged(release: ReleaseSummary, now: Date): ThreadMessage {
  return plainMessage(`${ref(release)}: now ${release.status}, revision ${release.revision}`, [
    `Still not healthy: ${brokenLine(release, null, now)}`,
  ]);
}

export type EpisodeEnd = { kind: "healthy"; release: ReleaseSummary } | { kind: "gone" };

export function renderEpisodeEnded(
  target: ReleaseRef,
  episode: Episode,
  end: EpisodeEnd,
  now: Date,
): { reply: ThreadMessage; root: ThreadMessage } {
  const lasted = formatDuration(now.getTime() - new Date(episode.openedAt).getTime());
  const what =
    end.kind === "healthy"
      ? `${ref(target)} is healthy again: ${end.release.status} at revision ${end.release.revision} (chart ${end.release.chart}).`
      : `${ref(target)} is no longer installed.`;
  const state = end.kind === "healthy" ? "RECOVERED" : "GONE";
  return {
    reply: plainMessage(what, [what, `The episode lasted ${lasted}.`]),
    root: plainMessage(`[${state}] ${ref(target)} (was ${episode.status})`, [
      `${ref(target)} was ${episode.status} at revision ${episode.revision} from ${formatTime(episode.openedAt)}.`,
      what,
    ]),
  };
}
