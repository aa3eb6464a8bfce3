// The helm/kubectl process thread has an isolate of its own, which keeps the heap pages a burst
// of large outputs needed as the main thread's does; its release gives them back, in a real
// Node process, and the thread still runs commands afterwards.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { execaOffThread, releaseProcessThreadMemory } from "../../../src/helm/execa-off-thread.ts";

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "../../fixtures/memory/process-thread-burst.ts");

describe("the process thread's memory release", () => {
  it("gives back the pages a burst of large outputs left in the thread's heap", async () => {
    const { stdout } = await run(process.execPath, [SCRIPT], { timeout: 60_000 });
    const { atBurstEnd, afterRelease } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(atBurstEnd.totalMb).toBeGreaterThan(30);
    expect(afterRelease.totalMb).toBeLessThan(atBurstEnd.totalMb - 20);
  }, 90_000);

  it("resolves at once with no thread, and leaves the thread serving", async () => {
    await releaseProcessThreadMemory();
    const options = {
      env: {},
      extendEnv: true,
      stdin: "ignore",
      timeout: 10_000,
      forceKillAfterDelay: 1_000,
      maxBuffer: 1024 * 1024,
    } as const;
    const print = ["-e", "console.log('still here')"];
    expect((await execaOffThread(process.execPath, print, options)).stdout).toBe("still here");
    await releaseProcessThreadMemory();
    expect((await execaOffThread(process.execPath, print, options)).stdout).toBe("still here");
  }, 30_000);
});
