// The release watcher: every interval, the replica holding the lease lists releases; one that
// is failed, or pending-* for longer than the threshold, opens a diagnosis thread once per
// episode, and the thread says when the release is healthy again (or gone).
import { errorFields, logRedacted, type ThreadDeps } from "../alerts/alert-deps.ts";
import { replyWithDiagnosis } from "../alerts/reply-with-diagnosis.ts";
import type { Inventory, ReleaseRef, ReleaseSummary } from "../model/release.ts";
import { chooseAlertChannel } from "../policy/choose-alert-channel.ts";
import type { Policy } from "../policy/policy-schema.ts";
import type { RedisLease } from "../store/redis-lease.ts";
import type { ReleaseEpisodes, WatchState } from "../store/release-episodes.ts";
import { classifyReleaseHealth, isPending } from "./classify-release-health.ts";
import {
  type EpisodeEnd,
  renderEpisodeChanged,
  renderEpisodeEnded,
  renderEpisodeOpened,
} from "./render-watch-thread.ts";

export interface ReleaseWatcherDeps extends ThreadDeps {
  // `helm list` over every namespace.
  list: () => Promise<Inventory>;
  episodes: ReleaseEpisodes;
  lease: RedisLease;
  policy: Policy;
  intervalMs: number;
  pendingThresholdMs: number;
}

export interface TickResult {
  // false: another replica holds the lease.
  polled: boolean;
  opened: string[];
  ended: string[];
}

export interface ReleaseWatcher {
  // One round; start() runs it every interval.
  tick(): Promise<TickResult>;
  start(): void;
  // Stops after the round in flight and gives up the lease.
  stop(): Promise<void>;
}

const key = (r: ReleaseRef) => `${r.namespace}/${r.name}`;

async function openEpisode(
  deps: ReleaseWatcherDeps,
  release: ReleaseSummary,
  since: Date | null,
  now: Date,
  state: WatchState,
): Promise<boolean> {
  const id = `${key(release)}@${release.revision}:${release.status}:${release.updated}`;
  if (!(await deps.episodes.claim(id))) return false;
  const choice = chooseAlertChannel(deps.policy, release.namespace);
  const channel = choice.channel;
  const thread =
    channel === null
      ? null
      : {
          channel,
          threadTs: await deps.poster.post(channel, renderEpisodeOpened(release, since, now)),
        };
  const { status, revision } = release;
  const episode = { id, openedAt: now.toISOString(), status, revision, thread };
  await deps.episodes.save(release, { ...state, episode });
  if (thread === null) {
    logRedacted(deps.log, "info", "broken release not routed to any channel", {
      release: key(release),
      status,
    });
  } else {
    await replyWithDiagnosis(deps, thread, release);
  }
  return true;
}

async function endEpisode(
  deps: ReleaseWatcherDeps,
  target: ReleaseRef,
  state: WatchState,
  end: EpisodeEnd,
  now: Date,
): Promise<void> {
  const episode = state.episode;
  if (episode === null) return;
  await deps.episodes.save(target, { episode: null, pendingSince: null });
  if (episode.thread === null) return;
  const { reply, root } = renderEpisodeEnded(target, episode, end, now);
  await deps.poster.reply(episode.thread, reply);
  await deps.poster.update(episode.thread.channel, episode.thread.threadTs, root);
}

async function watchRelease(
  deps: ReleaseWatcherDeps,
  release: ReleaseSummary,
  state: WatchState,
  now: Date,
  result: TickResult,
): Promise<void> {
  const firstSeen = state.pendingSince === null ? null : new Date(state.pendingSince);
  const health = classifyReleaseHealth(release, now, deps.pendingThresholdMs, firstSeen);
  const pendingSince = isPending(release.status) ? (state.pendingSince ?? now.toISOString()) : null;
  const episode = state.episode;
  if (health.kind === "broken" && episode === null) {
    if (await openEpisode(deps, release, health.since, now, { episode, pendingSince })) {
      result.opened.push(key(release));
    }
  } else if (health.kind === "broken" && episode !== null) {
    if (episode.status === release.status && episode.revision === release.revision) return;
    const changed = { ...episode, status: release.status, revision: release.revision };
    await deps.episodes.save(release, { episode: changed, pendingSince });
    if (episode.thread !== null) {
      await deps.poster.reply(episode.thread, renderEpisodeChanged(release, now));
    }
  } else if (health.kind === "healthy" && episode !== null) {
    await endEpisode(deps, release, state, { kind: "healthy", release }, now);
    result.ended.push(key(release));
  } else if (pendingSince !== state.pendingSince) {
    await deps.episodes.save(release, { episode, pendingSince });
  }
}

export function createReleaseWatcher(deps: ReleaseWatcherDeps): ReleaseWatcher {
  const clock = deps.now ?? (() => new Date());
  const guarded = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      // One release's trouble (Slack down, a diagnosis crash) must not stop the others.
      logRedacted(deps.log, "warn", "release watcher step failed", { what, ...errorFields(error) });
    }
  };

  async function tick(): Promise<TickResult> {
    const result: TickResult = { polled: false, opened: [], ended: [] };
    if (!(await deps.lease.hold())) return result;
    result.polled = true;
    const releases = await deps.list();
    const now = clock();
    const states = await deps.episodes.getMany(releases);
    for (const [i, release] of releases.entries()) {
      const state = states[i];
      if (state === undefined) continue;
      await guarded(key(release), () => watchRelease(deps, release, state, now, result));
    }
    const listed = new Set(releases.map(key));
    const gone = (await deps.episodes.openReleases()).filter((r) => !listed.has(key(r)));
    const goneStates = await deps.episodes.getMany(gone);
    for (const [i, target] of gone.entries()) {
      const state = goneStates[i];
      if (state === undefined) continue;
      await guarded(key(target), () => endEpisode(deps, target, state, { kind: "gone" }, now));
      result.ended.push(key(target));
    }
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = tick()
      .catch((error: unknown) =>
        logRedacted(deps.log, "warn", "release watcher round failed", errorFields(error)),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, deps.intervalMs);
      });
  };
  return {
    tick,
    start() {
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await deps.lease.release();
    },
  };
}
