// The real helm behind a recording shim: every invocation's argv is written to a file of its
// own (no interleaving between concurrent processes), then the real binary runs. The e2e fuzz
// tests read back which helm processes a request started, and check their argv.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readHelmArgv } from "./fuzz-argv.ts";

export interface HelmRecorder {
  // The shim to give HelmClient as its binary.
  bin: string;
  // Every recorded argv (without "helm"), oldest first.
  calls(): Promise<string[][]>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function createHelmRecorder(realHelm: string): Promise<HelmRecorder> {
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-fuzz-helm-"));
  const calls = join(dir, "calls");
  await mkdir(calls);
  const bin = join(dir, "helm");
  // \037 between arguments, one file per process (time and pid make the name unique).
  await writeFile(
    bin,
    [
      "#!/bin/sh",
      `f=${quote(calls)}/$(date +%s%N)-$$`,
      `for a in "$@"; do printf '%s\\037' "$a"; done > "$f.tmp" && mv "$f.tmp" "$f"`,
      `exec ${quote(realHelm)} "$@"`,
      "",
    ].join("\n"),
  );
  await chmod(bin, 0o755);
  return {
    bin,
    async calls() {
      const names = (await readdir(calls)).filter((n) => !n.endsWith(".tmp")).sort();
      const texts = await Promise.all(names.map((n) => readFile(join(calls, n), "utf8")));
      return texts.map((t) => t.split("\u001f").slice(0, -1));
    },
    async clear() {
      await rm(calls, { recursive: true, force: true });
      await mkdir(calls);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

const READS = new Set([
  "list",
  "status",
  "history",
  "get",
  "search",
  "show",
  "pull",
  "version",
  "repo",
]);

// What a recorded call may be blamed for: a flag we never build, a value that is a flag, a
// hidden character, or a change that is not a dry run.
export function recordedProblems(argv: readonly string[]): string[] {
  const problems = readHelmArgv(argv).problems;
  const verb = argv[0] ?? "";
  const dryRun = argv.some((a) => a === "--dry-run" || a.startsWith("--dry-run="));
  if (!READS.has(verb) && !dryRun) problems.push(`a change ran: helm ${argv.join(" ")}`);
  return problems;
}
