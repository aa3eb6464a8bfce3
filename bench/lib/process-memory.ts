// Where a process's RSS sits, for telling a leak from memory held at its high-water mark: V8's
// spaces as V8 counts them (main thread only), and the process's anonymous mappings from
// /proc/self/smaps by shape. glibc gives each thread's malloc arena a 64 MB-aligned region; V8
// maps its pages in small chunks of their own; code and data of the binary are file-backed.
import { readFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";
import { processThreadHeap } from "../../src/helm/execa-off-thread.ts";

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export interface MemoryBreakdown {
  v8Spaces: Record<string, { committedMb: number; usedMb: number }>;
  // RSS by kind of mapping, MB: brk heap (glibc's main arena), 64 MB-aligned anonymous regions
  // (other malloc arenas), other anonymous mappings (V8's pages, thread stacks), file-backed.
  smapsMb: { brk: number; arenas: number; otherAnon: number; file: number };
  mappings: number;
  // The helm/kubectl process thread's own isolate (src/helm/execa-off-thread.ts).
  processThread: { totalMb: number; usedMb: number } | null;
}

const ARENA_ALIGN = 64n * 1024n * 1024n;

function smapsBreakdown(): Pick<MemoryBreakdown, "smapsMb" | "mappings"> {
  const kb = { brk: 0, arenas: 0, otherAnon: 0, file: 0 };
  let current: keyof typeof kb = "otherAnon";
  let mappings = 0;
  let text = "";
  try {
    text = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return { smapsMb: kb, mappings: 0 };
  }
  for (const line of text.split("\n")) {
    const range = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (range) {
      mappings++;
      const [, start = "0", name = ""] = range;
      current =
        name === "[heap]"
          ? "brk"
          : name !== ""
            ? "file"
            : BigInt(`0x${start}`) % ARENA_ALIGN === 0n
              ? "arenas"
              : "otherAnon";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kb[current] += Number(rss[1]);
  }
  const toMb = (k: number) => Math.round(k / 102.4) / 10;
  return {
    smapsMb: {
      brk: toMb(kb.brk),
      arenas: toMb(kb.arenas),
      otherAnon: toMb(kb.otherAnon),
      file: toMb(kb.file),
    },
    mappings,
  };
}

export async function memoryBreakdown(): Promise<MemoryBreakdown> {
  const v8Spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [
      space.space_name,
      { committedMb: mb(space.physical_space_size), usedMb: mb(space.space_used_size) },
    ]),
  );
  return { v8Spaces, ...smapsBreakdown(), processThread: await processThreadHeap() };
}
