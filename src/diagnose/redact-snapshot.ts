// A snapshot fit to be written to a file (`diagnose --save-snapshot`): manifests and objects
// redacted the way everything shown is, logs and descriptions through the free-text rules, and
// secret values replaced by tokens ("REDACTED#1") that are equal exactly when the values were,
// so a diagnosis of the file still sees "auth.password changed" and never the password. Pure.
import type { ReleaseSnapshot } from "../model/release-snapshot.ts";
import { deepEqual, isPlainObject } from "../plan/canonical-json.ts";
import { joinPath, redactLeaf } from "../plan/diff-values.ts";
import { redactDeep } from "../redact/redact-deep.ts";
import { redactKubeObject } from "../redact/redact-kube-object.ts";
import { redactManifest } from "../redact/redact-manifest.ts";
import { redactText } from "../redact/redact-text.ts";
import { REDACTED } from "../redact/redacted.ts";

type Tokens = Map<string, string>;

function pseudonymise(
  values: Record<string, unknown>,
  tokens: Tokens,
  prefix = "",
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const path = joinPath(prefix, key);
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      out[key] = pseudonymise(value, tokens, path);
      continue;
    }
    if (deepEqual(redactLeaf(path, value), value)) {
      out[key] = value;
      continue;
    }
    const seen = JSON.stringify(value);
    if (!tokens.has(seen)) tokens.set(seen, `${REDACTED}#${tokens.size + 1}`);
    out[key] = tokens.get(seen);
  }
  return out;
}

// An object through the Kubernetes object rules (Secrets lose their data, env and args their
// secrets), then every string through the free-text ones.
function redactObject(object: Record<string, unknown>): Record<string, unknown> {
  const deep = redactDeep(redactKubeObject(object));
  return isPlainObject(deep) ? deep : {};
}

export function redactSnapshot(snapshot: ReleaseSnapshot): ReleaseSnapshot {
  const tokens: Tokens = new Map();
  const status = snapshot.status;
  return {
    ...snapshot,
    status: status === null ? null : { ...status, description: redactText(status.description) },
    history: snapshot.history.map((h) => ({ ...h, description: redactText(h.description) })),
    revisions: snapshot.revisions.map((r) => ({
      revision: r.revision,
      values: pseudonymise(r.values, tokens),
      manifest: r.manifest === "" ? "" : redactManifest(r.manifest),
    })),
    workloads: snapshot.workloads.map(redactObject),
    pods: snapshot.pods.map(redactObject),
    jobs: snapshot.jobs.map(redactObject),
    events: snapshot.events.map(redactObject),
    logs: snapshot.logs.map((l) => ({ ...l, text: redactText(l.text) })),
    readErrors: snapshot.readErrors.map((e) => ({ ...e, message: redactText(e.message) })),
  };
}
