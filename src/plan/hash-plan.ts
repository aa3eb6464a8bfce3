// The content hash of a plan: the release, the revision the plan was made against and the exact
// argv. The worker recomputes it and refuses a plan whose release moved on.
import { createHash } from "node:crypto";
import type { ReleaseRef } from "../model/release.ts";
import { canonicalJson } from "./canonical-json.ts";

export interface HashInput {
  release: ReleaseRef;
  revision: number;
  argv: readonly string[];
}

export function hashPlan(input: HashInput): string {
  const content = canonicalJson({
    release: { name: input.release.name, namespace: input.release.namespace },
    revision: input.revision,
    argv: input.argv,
  });
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}
