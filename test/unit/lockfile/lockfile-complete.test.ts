// package-lock.json holds every platform's optional packages (biome's CLIs, msgpackr's
// extractors, …), so `npm ci` installs the same tree on any machine and a fresh `npm install`
// leaves the lockfile alone; and it agrees with package.json. Offline: the lockfile alone.
// (scripts/check-lockfile.sh asks npm itself, in `npm test`.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const root = join(import.meta.dirname, "..", "..", "..");
const Deps = z.record(z.string(), z.string()).optional();
const Lockfile = z.object({
  lockfileVersion: z.literal(3),
  packages: z.record(
    z.string(),
    z.object({
      version: z.string().optional(),
      dependencies: Deps,
      devDependencies: Deps,
      optionalDependencies: Deps,
    }),
  ),
});
const Manifest = z.object({ dependencies: Deps, devDependencies: Deps });

const lock = Lockfile.parse(JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")));
const manifest = Manifest.parse(JSON.parse(readFileSync(join(root, "package.json"), "utf8")));

// Where node would find `name` from the package at `path`: its own node_modules, then up.
function resolves(path: string, name: string): boolean {
  let base = path;
  for (;;) {
    if (lock.packages[`${base ? `${base}/` : ""}node_modules/${name}`]) return true;
    if (!base) return false;
    const up = base.lastIndexOf("/node_modules/");
    base = up < 0 ? "" : base.slice(0, up);
  }
}

describe("package-lock.json", () => {
  it("holds every optional dependency of every package, whatever the platform", () => {
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolves(path, name))
        .map((name) => `${path || "(root)"} -> ${name}`),
    );
    expect(missing).toEqual([]);
    // The platforms other than this one are there too (the packages a fresh install added).
    for (const name of ["@biomejs/cli-darwin-arm64", "@biomejs/cli-win32-x64"])
      expect(resolves("", name), name).toBe(true);
  });

  it("pins exactly what package.json asks for", () => {
    const root = lock.packages[""];
    expect(root?.dependencies).toEqual(manifest.dependencies);
    expect(root?.devDependencies).toEqual(manifest.devDependencies);
    for (const [name, version] of Object.entries({
      ...manifest.dependencies,
      ...manifest.devDependencies,
    }))
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
  });
});
