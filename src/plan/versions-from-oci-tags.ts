// A chart's versions from its OCI tags, filtered as helm filters them (registry.Client.Tags):
// '+' cannot be in a tag, so helm pushes 1.2.0+build.5 as tag 1.2.0_build.5 and reads '_' back
// as '+'; only strict SemVer 2 survives (no "v" prefix, no partial "1.2", no "latest"). Pure.
import type { AvailableVersion } from "./choose-target-version.ts";
import { compareSemVer, parseSemVer } from "./compare-versions.ts";

export function versionsFromOciTags(tags: readonly string[]): AvailableVersion[] {
  const seen = new Set<string>();
  return tags
    .map((tag) => tag.replaceAll("_", "+"))
    .filter((version) => !version.startsWith("v") && !seen.has(version) && seen.add(version))
    .map((version) => ({ version, semver: parseSemVer(version) }))
    .filter((v) => v.semver !== null)
    .sort((a, b) => (a.semver && b.semver ? compareSemVer(b.semver, a.semver) : 0))
    .map((v) => ({ version: v.version, appVersion: "" }));
}
