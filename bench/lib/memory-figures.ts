// rss_mb at idle, after 1,000 and after the last checkpoint (10,000 by default) for one process,
// and rss_growth_mb between the last two: what a leak would show. Samples are taken after a
// forced full GC (the servers run with --expose-gc), so garbage not yet collected is not counted,
// and after the release Wheelhouse makes by itself once idle (src/observe/release-idle-memory.ts):
// what a quiet process holds. raw.rssAfterPlainGcMb is RSS before that release.
import { describeLoad } from "./bench-parts.ts";
import type { Memory } from "./bench-servers.ts";
import type { Figure } from "./figure.ts";

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function memoryFigures(
  role: "app" | "worker",
  samples: { idle: Memory; after1000: Memory; after10000: Memory },
  workload: string,
): Figure[] {
  const gc = samples.idle.gc ? "after a forced GC and the idle memory release" : "no GC forced";
  const note = `${workload}; ${gc}; ${describeLoad()}`;
  const point = (name: string, memory: Memory): Figure => ({
    key: "rss_mb",
    case: `${role}_${name}`,
    value: mb(memory.rss),
    unit: "MB",
    note,
    raw: {
      rssBytes: memory.rss,
      rssAfterPlainGcMb: mb(memory.rssAfterGc),
      heapUsedMb: mb(memory.heapUsed),
      heapTotalMb: mb(memory.heapTotal),
      externalMb: mb(memory.external),
      ...(memory.breakdown ? { breakdown: memory.breakdown } : {}),
    },
  });
  return [
    point("idle", samples.idle),
    point("after_1000", samples.after1000),
    point("after_10000", samples.after10000),
    {
      key: "rss_growth_mb",
      case: role,
      value: mb(samples.after10000.rss - samples.after1000.rss),
      unit: "MB",
      target: { max: 20 },
      note: `rss after 10,000 − after 1,000; heap ${mb(samples.after1000.heapUsed)} → ${mb(samples.after10000.heapUsed)} MB; after a plain GC only: ${mb(samples.after1000.rssAfterGc)} → ${mb(samples.after10000.rssAfterGc)} MB; ${note}`,
    },
  ];
}
