// The chart repositories helm is configured with (repositories.yaml, HELM_REPOSITORY_CONFIG) and
// the age of their local indexes (HELM_REPOSITORY_CACHE/<name>-index.yaml, what `helm search`
// reads). Wheelhouse refreshes them itself: at start, when older than a TTL, and when a plan's
// chart or version is missing. One `helm repo update` at a time; a failed one is reported, and
// planning goes on with the indexes there are.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { HelmEnv } from "./helm-env.ts";

export interface IndexHelm {
  env(): Promise<HelmEnv>;
  repoUpdate(names?: string[]): Promise<void>;
}

export type RefreshOutcome = { ok: true; at: string } | { ok: false; at: string; error: string };

export interface RepositoryIndexes {
  // Repository name -> when its index was fetched (ISO), null when it never was.
  fetchedAt(): Promise<Record<string, string | null>>;
  refresh(): Promise<RefreshOutcome>;
  // Refreshes when an index is missing or older than the TTL; true when it did.
  refreshIfStale(now: Date): Promise<boolean>;
  // read's answer, reused while the indexes stay as they are (same repositories, same index
  // files): what `helm search` and `helm show` find in a repository depends on nothing else.
  // Optional: planning without it reads every time.
  whileUnchanged?<T>(key: string, read: () => Promise<T>): Promise<T>;
}

// The charts and versions a cluster's recent plans touched; the oldest answers go first. A
// big chart's defaults can be megabytes in memory: a few dozen is the bound.
const MAX_REMEMBERED = 32;

// Credentials and TLS files may be in the file; only names are read (and never shown).
const repositoriesFileSchema = z.object({
  repositories: z.array(z.object({ name: z.string() })).nullish(),
});

export class RepositoryConfigError extends Error {
  readonly code = "helm_repository_config_invalid";
  constructor(path: string, reason: string, cause?: unknown) {
    super(`The repository config ${path} cannot be read: ${reason}.`, { cause });
    this.name = "RepositoryConfigError";
  }
}

export async function readRepositoryNames(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return [];
    throw new RepositoryConfigError(path, "it cannot be opened", error);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new RepositoryConfigError(path, "it is not YAML", cause);
  }
  const parsed = repositoriesFileSchema.safeParse(data ?? {});
  if (!parsed.success) throw new RepositoryConfigError(path, "it has no repositories list");
  return (parsed.data.repositories ?? []).map((r) => r.name);
}

async function modifiedAt(file: string): Promise<string | null> {
  try {
    return (await stat(file)).mtime.toISOString();
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw error;
  }
}

export function createRepositoryIndexes(options: {
  helm: IndexHelm;
  // 0: no refresh on age (still at start and when a chart is missing).
  ttlSeconds: number;
  log?: (line: object) => void;
  clock?: () => Date;
}): Required<RepositoryIndexes> {
  const clock = options.clock ?? (() => new Date());
  let env: Promise<HelmEnv> | null = null;
  let running: Promise<RefreshOutcome> | null = null;
  // A repository that keeps failing must not make every plan wait for another attempt.
  let lastAttempt = 0;
  const paths = () => {
    env ??= options.helm.env();
    return env;
  };

  async function fetchedAt(): Promise<Record<string, string | null>> {
    const { HELM_REPOSITORY_CONFIG, HELM_REPOSITORY_CACHE } = await paths();
    const names = await readRepositoryNames(HELM_REPOSITORY_CONFIG);
    const times = await Promise.all(
      names.map((name) => modifiedAt(join(HELM_REPOSITORY_CACHE, `${name}-index.yaml`))),
    );
    return Object.fromEntries(names.map((name, i) => [name, times[i] ?? null]));
  }

  async function update(): Promise<RefreshOutcome> {
    const names = Object.keys(await fetchedAt());
    const at = clock().toISOString();
    if (names.length === 0) return { ok: true, at };
    try {
      await options.helm.repoUpdate();
      options.log?.({ msg: "chart repository indexes refreshed", repositories: names.length });
      return { ok: true, at };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const detail = error instanceof Error && "stderrHead" in error ? error.stderrHead : "";
      options.log?.({ msg: "chart repository refresh failed", error: message, detail });
      return { ok: false, at, error: `${message} ${String(detail)}`.trim() };
    }
  }

  const remembered = new Map<string, { fingerprint: string; answer: Promise<unknown> }>();
  async function whileUnchanged<T>(key: string, read: () => Promise<T>): Promise<T> {
    // Taken before reading, and nothing is kept while a refresh runs: an answer is never filed
    // under indexes newer than the ones it was read from.
    const fingerprint = JSON.stringify(await fetchedAt());
    const known = remembered.get(key);
    if (known && known.fingerprint === fingerprint && running === null)
      return known.answer as Promise<T>;
    const answer = read();
    if (running !== null) return answer;
    remembered.delete(key);
    remembered.set(key, { fingerprint, answer });
    if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value ?? "");
    // A failure is not an answer: the next plan reads again.
    answer.catch(() => {
      if (remembered.get(key)?.answer === answer) remembered.delete(key);
    });
    return answer;
  }

  function refresh(): Promise<RefreshOutcome> {
    lastAttempt = clock().getTime();
    running ??= update().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    fetchedAt,
    refresh,
    whileUnchanged,
    async refreshIfStale(now) {
      const ttlMs = options.ttlSeconds * 1000;
      if (ttlMs <= 0 || now.getTime() - lastAttempt < ttlMs) return false;
      const oldest = Object.values(await fetchedAt());
      const stale = oldest.some((at) => at === null || now.getTime() - Date.parse(at) > ttlMs);
      if (stale) await refresh();
      return stale;
    },
  };
}
