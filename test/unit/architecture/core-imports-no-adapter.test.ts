// The core (intent, plan, diagnose, policy, render, redact) is pure: it imports src/model and
// itself, never an adapter folder nor a package that does I/O. Read from the source, so a new
// import that breaks the rule fails here before anyone reviews it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "..", "..", "src");
const CORE = ["intent", "plan", "diagnose", "policy", "render", "redact"];
const ADAPTERS = new Set([
  "helm",
  "store",
  "exec",
  "kube",
  "slack",
  "gather",
  "gemini",
  "oci",
  "alerts",
  "watch",
  "observe",
  "app",
  "cli",
  "config",
]);
const PACKAGES = ["@slack/bolt", "bullmq", "ioredis", "execa", "pino", "prom-client"];

// No exceptions: the argv builder and its validation are pure and live in src/model/.
const ALLOWED: Record<string, readonly string[]> = {};

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

// Why a file's import breaks the rule, or null when it does not.
function violation(file: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) {
    const pkg = PACKAGES.find((p) => specifier === p || specifier.startsWith(`${p}/`));
    return pkg === undefined ? null : `imports the package ${pkg}`;
  }
  const target = relative(SRC, resolve(dirname(file), specifier))
    .split(sep)
    .join("/");
  const folder = target.split("/")[0] ?? "";
  if (!ADAPTERS.has(folder)) return null;
  const from = relative(SRC, file).split(sep).join("/");
  return ALLOWED[from]?.includes(target) ? null : `imports the adapter src/${target}`;
}

describe("the core imports no adapter", () => {
  const files = CORE.flatMap((folder) => sourceFiles(join(SRC, folder)));

  it("finds the core's source files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("has no import of an adapter folder or an I/O package", () => {
    const found = files.flatMap((file) =>
      importsOf(readFileSync(file, "utf8")).flatMap((specifier) => {
        const why = violation(file, specifier);
        return why === null ? [] : [`${relative(SRC, file)} ${why}`];
      }),
    );
    expect(found).toEqual([]);
  });

  it("would catch an adapter import, a package import and a dynamic import", () => {
    const file = join(SRC, "render", "example.ts");
    const text = [
      'import type { X } from "../store/plan-store.ts";',
      'import { Queue } from "bullmq";',
      'const m = await import("../exec/run.ts");',
      'import { y } from "../model/release.ts";',
      'import { z } from "zod";',
    ].join("\n");
    const why = importsOf(text).map((s) => violation(file, s));
    expect(why).toEqual([
      "imports the adapter src/store/plan-store.ts",
      "imports the package bullmq",
      "imports the adapter src/exec/run.ts",
      null,
      null,
    ]);
  });
});
