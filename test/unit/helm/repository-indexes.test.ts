// The refresh policy over real files: a repositories.yaml and index files in a temp helm home,
// and a helm that records when it is asked to update (the real one runs in the integration tests).
import { mkdir, mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHelmEnv } from "../../../src/helm/helm-env.ts";
import {
  createRepositoryIndexes,
  readRepositoryNames,
} from "../../../src/helm/repository-indexes.ts";

async function helmHome(names: string[]) {
  const home = await mkdtemp(join(tmpdir(), "wh-indexes-"));
  const cache = join(home, "cache");
  await mkdir(cache);
  const config = join(home, "repositories.yaml");
  const entries = names.map(
    (n) => `- name: ${n}\n  url: https://charts.example/${n}\n  password: hunter2`,
  );
  await writeFile(config, `apiVersion: ""\nrepositories:\n${entries.join("\n")}\n`);
  const updates: number[] = [];
  const helm = {
    env: async () => ({
      HELM_REPOSITORY_CONFIG: config,
      HELM_REPOSITORY_CACHE: cache,
      HELM_REGISTRY_CONFIG: join(home, "registry.json"),
    }),
    repoUpdate: async () => {
      updates.push(Date.now());
      for (const n of names) await writeFile(join(cache, `${n}-index.yaml`), "entries: {}\n");
    },
  };
  return { cache, config, helm, updates };
}

describe("repository indexes", () => {
  it("reads helm env and the repository names (nothing else) from repositories.yaml", async () => {
    expect(parseHelmEnv('HELM_BIN="helm"\nHELM_REPOSITORY_CACHE="/c/repo"\n')).toEqual({
      HELM_BIN: "helm",
      HELM_REPOSITORY_CACHE: "/c/repo",
    });
    const { config } = await helmHome(["a", "b"]);
    expect(await readRepositoryNames(config)).toEqual(["a", "b"]);
    expect(await readRepositoryNames("/nonexistent/repositories.yaml")).toEqual([]);
  });

  it("knows when each index was fetched, null when never", async () => {
    const { cache, helm } = await helmHome(["a", "b"]);
    await writeFile(join(cache, "a-index.yaml"), "");
    const then = new Date("2026-12-01T08:00:00Z");
    await utimes(join(cache, "a-index.yaml"), then, then);
    expect(await createRepositoryIndexes({ helm, ttlSeconds: 600 }).fetchedAt()).toEqual({
      a: then.toISOString(),
      b: null,
    });
  });

  it("refreshes when an index is older than the TTL, and not again within it", async () => {
    const { helm, updates, cache } = await helmHome(["a"]);
    const indexes = createRepositoryIndexes({ helm, ttlSeconds: 600 });
    expect(await indexes.refreshIfStale(new Date())).toBe(true);
    expect(await indexes.refreshIfStale(new Date())).toBe(false);
    const old = new Date(Date.now() - 3600_000);
    await utimes(join(cache, "a-index.yaml"), old, old);
    // Old again, but an attempt was made within the TTL: a failing repository is not retried per plan.
    expect(await indexes.refreshIfStale(new Date())).toBe(false);
    expect(await indexes.refreshIfStale(new Date(Date.now() + 700_000))).toBe(true);
    expect(updates).toHaveLength(2);
  });

  it("runs one update for concurrent callers, none with TTL 0 or no repositories", async () => {
    const { helm, updates } = await helmHome(["a"]);
    const indexes = createRepositoryIndexes({ helm, ttlSeconds: 0 });
    await Promise.all([indexes.refresh(), indexes.refresh(), indexes.refresh()]);
    expect(updates).toHaveLength(1);
    expect(await indexes.refreshIfStale(new Date())).toBe(false);
    const empty = await helmHome([]);
    expect(
      await createRepositoryIndexes({ helm: empty.helm, ttlSeconds: 0 }).refresh(),
    ).toMatchObject({ ok: true });
    expect(empty.updates).toHaveLength(0);
  });

  it("reuses an answer while the indexes stay the same, and reads again once one changes", async () => {
    const { helm, cache } = await helmHome(["a"]);
    const indexes = createRepositoryIndexes({ helm, ttlSeconds: 600 });
    await indexes.refresh();
    let reads = 0;
    const search = () => indexes.whileUnchanged("search web", async () => ++reads);
    expect([await search(), await search()]).toEqual([1, 1]);
    // Another key is another question.
    expect(await indexes.whileUnchanged("search db", async () => "db")).toBe("db");
    // helm repo update rewrote the index (a new mtime): the old answer is no longer helm's.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(cache, "a-index.yaml"), later, later);
    expect([await search(), await search()]).toEqual([2, 2]);
    await indexes.refresh();
    expect(await search()).toBe(3);
  });

  it("never keeps a failed read: the next caller asks helm again", async () => {
    const { helm } = await helmHome(["a"]);
    const indexes = createRepositoryIndexes({ helm, ttlSeconds: 600 });
    await indexes.refresh();
    let reads = 0;
    const flaky = () =>
      indexes.whileUnchanged("show-values web 1.0.0", async () => {
        reads += 1;
        if (reads === 1) throw new Error("helm timed out");
        return { replicas: 1 };
      });
    await expect(flaky()).rejects.toThrow("helm timed out");
    expect(await flaky()).toEqual({ replicas: 1 });
    expect(await flaky()).toEqual({ replicas: 1 });
    expect(reads).toBe(2);
  });

  it("reports a failed update instead of throwing: planning goes on with the old index", async () => {
    const { helm } = await helmHome(["a"]);
    const failing = {
      ...helm,
      repoUpdate: async () => {
        throw new Error("helm failed.");
      },
    };
    const lines: object[] = [];
    const outcome = await createRepositoryIndexes({
      helm: failing,
      ttlSeconds: 0,
      log: (l) => lines.push(l),
    }).refresh();
    expect(outcome).toMatchObject({ ok: false, error: "helm failed." });
    expect(lines).toEqual([expect.objectContaining({ msg: "chart repository refresh failed" })]);
  });
});
