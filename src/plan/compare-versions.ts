// SemVer 2 precedence for chart versions, small enough to own: parse, compare, and the kind of
// change between two versions. A leading "v" is accepted as helm accepts it.

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  // Dot-separated pre-release identifiers ("rc.1" -> ["rc", "1"]); empty for a release.
  pre: string[];
  raw: string;
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemVer(raw: string): SemVer | null {
  const match = SEMVER.exec(raw.trim());
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    pre: match[4] ? match[4].split(".") : [],
    raw,
  };
}

export function isPreRelease(raw: string): boolean {
  return (parseSemVer(raw)?.pre.length ?? 0) > 0;
}

function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  if (numericA) return -1;
  if (numericB) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

// Negative when a < b, as Array.prototype.sort wants; build metadata is ignored (SemVer 2).
export function compareSemVer(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A release ranks above its own pre-releases: 2.1.0 > 2.1.0-rc.1.
  if (a.pre.length === 0 && b.pre.length === 0) return 0;
  if (a.pre.length === 0) return 1;
  if (b.pre.length === 0) return -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const order = compareIdentifiers(a.pre[i] ?? "", b.pre[i] ?? "");
    if (order !== 0) return order;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

// Unparseable versions sort below every parseable one, then by text, so sorting never throws.
export function compareVersions(a: string, b: string): number {
  const pa = parseSemVer(a);
  const pb = parseSemVer(b);
  if (pa && pb) return compareSemVer(pa, pb);
  if (pa) return 1;
  if (pb) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export type VersionChange =
  | "major"
  | "minor"
  | "patch"
  | "pre-release"
  | "same"
  | "downgrade"
  | "unknown";

export function classifyVersionChange(from: string, to: string): VersionChange {
  const a = parseSemVer(from);
  const b = parseSemVer(to);
  if (!a || !b) return from === to ? "same" : "unknown";
  const order = compareSemVer(a, b);
  if (order === 0) return "same";
  if (order > 0) return "downgrade";
  if (b.major !== a.major) return "major";
  if (b.minor !== a.minor) return "minor";
  if (b.patch !== a.patch) return "patch";
  return "pre-release";
}
