// The machine and the versions a run measured, so two result files can be compared honestly.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";

function firstLine(bin: string, args: string[]): string | null {
  try {
    return (
      execFileSync(bin, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .trim()
        .split("\n")[0]
        ?.trim() ?? null
    );
  } catch {
    return null;
  }
}

export function describeMachine() {
  const all = cpus();
  return {
    cpus: all.length,
    cpuModel: all[0]?.model ?? "unknown",
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    loadavg: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function describeVersions(
  root: string,
  bins: { helm4?: string; helm3?: string; kubectl?: string },
) {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const pkg = (name: string) => lock.packages[`node_modules/${name}`]?.version ?? null;
  return {
    node: process.version,
    helm4: bins.helm4 ? firstLine(bins.helm4, ["version", "--short"]) : null,
    helm3: bins.helm3 ? firstLine(bins.helm3, ["version", "--short"]) : null,
    kubectl: bins.kubectl ? firstLine(bins.kubectl, ["version", "--client"]) : null,
    redis: firstLine("redis-server", ["--version"]),
    bolt: pkg("@slack/bolt"),
    bullmq: pkg("bullmq"),
    ioredis: pkg("ioredis"),
  };
}
