// The content digest of a plan: a fingerprint (unkeyed sha256) of the release, the revision the
// plan was made against and the exact argv. It names a plan's content and catches accidental
// corruption; it is not an integrity check against tampering (anyone can recompute it): that
// is the plan's HMAC (create-plan-signer.ts).
import { createHash } from "node:crypto";
import type { ReleaseRef } from "../model/release.ts";
import { canonicalJson } from "./canonical-json.ts";

export interface DigestInput {
  release: ReleaseRef;
  revision: number;
  argv: readonly string[];
}

export function digestPlan(input: DigestInput): string {
  const content = canonicalJson({
    release: { name: input.release.name, namespace: input.release.namespace },
    revision: input.revision,
    argv: input.argv,
  });
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}
