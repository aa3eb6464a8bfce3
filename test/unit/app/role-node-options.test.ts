// Every way the roles are started in production gives Node the same V8 settings the
// benchmarks measure them with.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROLE_NODE_OPTIONS } from "../../../src/app/role-node-options.ts";

const ROOT = join(import.meta.dirname, "../../..");
const read = (path: string) => readFile(join(ROOT, path), "utf8");
const run = promisify(execFile);

describe("the roles' Node options", () => {
  it("are the image's NODE_OPTIONS", async () => {
    expect(await read("Dockerfile")).toMatch(
      new RegExp(`^\\s+NODE_OPTIONS=${ROLE_NODE_OPTIONS} \\\\$`, "m"),
    );
  });

  it("lead NODE_OPTIONS in scripts/start.sh, keeping the caller's own after them", async () => {
    expect(await read("scripts/start.sh")).toContain(
      `export NODE_OPTIONS="${ROLE_NODE_OPTIONS}\${NODE_OPTIONS:+ $NODE_OPTIONS}"`,
    );
  });

  it("are options Node accepts in NODE_OPTIONS", async () => {
    const { stdout } = await run(process.execPath, ["-e", "console.log('started')"], {
      env: { ...process.env, NODE_OPTIONS: ROLE_NODE_OPTIONS },
    });
    expect(stdout.trim()).toBe("started");
  });
});
