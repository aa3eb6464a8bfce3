// Which chart version an upgrade goes to: "latest" is the newest stable version (pre-releases
// only when asked for), an exact version must exist, a constraint ("^1.2", "~2.0", "1") takes
// the newest version it allows. An unknown version is answered with the nearest real ones.
import { compareSemVer, parseSemVer, type SemVer } from "./compare-versions.ts";

export interface AvailableVersion {
  version: string;
  appVersion: string;
}

export type TargetChoice =
  | { ok: true; version: string; appVersion: string; reason: string }
  | { ok: false; missing: "version" | "match" | "stable"; nearest: string[] };

export interface TargetRequest {
  // Newest first or in any order; helm search prints newest first.
  available: readonly AvailableVersion[];
  // null and "latest" mean the newest; otherwise a version or a constraint.
  requested: string | null;
  allowPreRelease: boolean;
}

function sortedNewestFirst(available: readonly AvailableVersion[]) {
  return available
    .map((a) => ({ ...a, semver: parseSemVer(a.version) }))
    .filter((a): a is AvailableVersion & { semver: SemVer } => a.semver !== null)
    .sort((a, b) => compareSemVer(b.semver, a.semver));
}

// "^1.2" -> >=1.2.0 <2.0.0; "~1.2" -> >=1.2.0 <1.3.0; "1" / "1.2" -> that prefix.
function constraintMatcher(requested: string): ((v: SemVer) => boolean) | null {
  const match = /^([\^~]?)v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(requested);
  if (!match) return null;
  const [, op, majorText, minorText, patchText] = match;
  const major = Number(majorText);
  const minor = minorText === undefined ? undefined : Number(minorText);
  const patch = patchText === undefined ? undefined : Number(patchText);
  if (op === "" && patch !== undefined) return null;
  const floor = { major, minor: minor ?? 0, patch: patch ?? 0, pre: [], raw: requested };
  return (v) => {
    if (v.pre.length > 0) return false;
    if (compareSemVer(v, floor) < 0) return false;
    if (op === "^")
      return v.major === major && (major !== 0 || minor === undefined || v.minor === minor);
    if (op === "~") return v.major === major && (minor === undefined || v.minor === minor);
    return v.major === major && (minor === undefined || v.minor === minor);
  };
}

// The versions either side of the one asked for, and the newest stable one.
export function nearestVersions(
  available: readonly AvailableVersion[],
  requested: string,
): string[] {
  const sorted = sortedNewestFirst(available);
  const stable = sorted.filter((a) => a.semver.pre.length === 0);
  const target = parseSemVer(requested) ?? parseSemVer(`${requested.replace(/^[\^~]/, "")}.0.0`);
  const picks: string[] = [];
  if (target) {
    const above = [...stable].reverse().find((a) => compareSemVer(a.semver, target) > 0);
    const below = stable.find((a) => compareSemVer(a.semver, target) < 0);
    if (below) picks.push(below.version);
    if (above) picks.push(above.version);
  }
  const newest = stable[0] ?? sorted[0];
  if (newest && !picks.includes(newest.version)) picks.push(newest.version);
  return picks;
}

export function chooseTargetVersion(request: TargetRequest): TargetChoice {
  const sorted = sortedNewestFirst(request.available);
  const { requested } = request;
  if (requested === null || requested === "latest") {
    const pick = sorted.find((a) => request.allowPreRelease || a.semver.pre.length === 0);
    if (!pick) {
      return { ok: false, missing: "stable", nearest: sorted.slice(0, 3).map((a) => a.version) };
    }
    const kind =
      pick.semver.pre.length > 0
        ? "newest version, pre-releases included as asked"
        : "newest stable version";
    return {
      ok: true,
      version: pick.version,
      appVersion: pick.appVersion,
      reason: `${pick.version} is the ${kind}`,
    };
  }
  const exact = parseSemVer(requested);
  if (exact) {
    const pick = sorted.find((a) => compareSemVer(a.semver, exact) === 0);
    if (pick)
      return {
        ok: true,
        version: pick.version,
        appVersion: pick.appVersion,
        reason: `${pick.version} was asked for`,
      };
    return {
      ok: false,
      missing: "version",
      nearest: nearestVersions(request.available, requested),
    };
  }
  const matches = constraintMatcher(requested);
  const pick = matches ? sorted.find((a) => matches(a.semver)) : undefined;
  if (pick) {
    return {
      ok: true,
      version: pick.version,
      appVersion: pick.appVersion,
      reason: `${pick.version} is the newest version matching ${requested}`,
    };
  }
  return { ok: false, missing: "match", nearest: nearestVersions(request.available, requested) };
}
