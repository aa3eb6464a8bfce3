// The release watcher's memory, in Redis so that a replica taking over the lease carries on:
// per release, the open episode (a stretch of failed or stuck, with its thread) and when a
// pending status was first seen. Opening an episode is a claim (SET NX): even two pollers at
// once (a lease lost mid-round) open it once.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { ReleaseRef } from "../model/release.ts";
import { claimOnce } from "./dedupe.ts";

const episodeSchema = z.object({
  id: z.string(),
  openedAt: z.string(),
  status: z.string(),
  revision: z.number().int(),
  // null: no channel takes this namespace's alerts; the episode is tracked, not posted.
  thread: z.object({ channel: z.string(), threadTs: z.string() }).nullable(),
});
export type Episode = z.infer<typeof episodeSchema>;

const watchStateSchema = z.object({
  episode: episodeSchema.nullable(),
  // When a pending status was first seen, for releases whose `updated` time cannot be read.
  pendingSince: z.string().nullable(),
});
export type WatchState = z.infer<typeof watchStateSchema>;

export const EMPTY_WATCH_STATE: WatchState = { episode: null, pendingSince: null };

export interface ReleaseEpisodes {
  getMany(releases: ReleaseRef[]): Promise<WatchState[]>;
  save(release: ReleaseRef, state: WatchState): Promise<void>;
  // true for the one caller that may open this episode.
  claim(episodeId: string): Promise<boolean>;
  // Releases with an open episode (to notice the ones that disappeared).
  openReleases(): Promise<ReleaseRef[]>;
}

const STATE_TTL_SECONDS = 30 * 24 * 3600;

export function createReleaseEpisodes(redis: Redis, prefix = "wheelhouse"): ReleaseEpisodes {
  const stateKey = (r: ReleaseRef) => `${prefix}:watch:release:${r.namespace}/${r.name}`;
  const openKey = `${prefix}:watch:open`;
  const parse = (text: string | null): WatchState => {
    if (text === null) return EMPTY_WATCH_STATE;
    // Unreadable memory (an older format) is forgotten: at worst one episode is told twice.
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return EMPTY_WATCH_STATE;
    }
    const parsed = watchStateSchema.safeParse(data);
    return parsed.success ? parsed.data : EMPTY_WATCH_STATE;
  };
  return {
    async getMany(releases) {
      if (releases.length === 0) return [];
      const texts = await redis.mget(...releases.map(stateKey));
      return texts.map(parse);
    },
    async save(release, state) {
      const member = `${release.namespace}/${release.name}`;
      const multi = redis
        .multi()
        .set(stateKey(release), JSON.stringify(state), "EX", STATE_TTL_SECONDS);
      if (state.episode === null) multi.srem(openKey, member);
      else multi.sadd(openKey, member);
      await multi.exec();
    },
    async claim(episodeId) {
      const digest = createHash("sha256").update(episodeId).digest("hex").slice(0, 32);
      const key = `${prefix}:watch:episode:${digest}`;
      return claimOnce(redis, key, STATE_TTL_SECONDS);
    },
    async openReleases() {
      const members = await redis.smembers(openKey);
      return members.map((m) => {
        const slash = m.indexOf("/");
        return { namespace: m.slice(0, slash), name: m.slice(slash + 1) };
      });
    },
  };
}
