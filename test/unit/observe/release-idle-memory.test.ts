// The idle memory release, in real Node processes: V8 keeps the pages a burst used after a full
// GC; the release gives them back once the process is quiet, and never while it is busy.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "../../fixtures/memory/burst-then-idle.ts");
const MB = 1024 * 1024;

async function burstThen(mode: "idle" | "busy" | "now") {
  // No --expose-gc: the release must find V8's gc by itself, as in the product's processes.
  const { stdout } = await run(process.execPath, [SCRIPT, mode], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

describe("releasing memory once the process is idle", () => {
  it("gives the burst's pages back after one quiet period, threads' too, and says so in a debug line", async () => {
    const { atBurstEnd, after, logged, threadReleases } = await burstThen("idle");
    expect(atBurstEnd).toBeGreaterThan(250 * MB);
    expect(threadReleases).toBe(1);
    expect(after).toBeLessThan(atBurstEnd - 150 * MB);
    const line = JSON.parse(logged[0]);
    expect(line).toMatchObject({ level: "debug", msg: "idle memory released" });
    expect(line.rssAfterMb).toBeLessThan(line.rssBeforeMb);
  }, 90_000);

  it("does not pause a busy process", async () => {
    const { atBurstEnd, after, logged, threadReleases } = await burstThen("busy");
    expect(logged).toEqual([]);
    expect(threadReleases).toBe(0);
    expect(after).toBeGreaterThan(atBurstEnd - 100 * MB);
  }, 90_000);

  it("can be run at once, without --expose-gc, and leaves no gc() on the global object", async () => {
    const { atBurstEnd, after, result, globalGc } = await burstThen("now");
    expect(result).not.toBeNull();
    expect(result.ms).toBeGreaterThan(0);
    expect(after).toBeLessThan(atBurstEnd - 150 * MB);
    expect(globalGc).toBe("undefined");
  }, 90_000);
});
