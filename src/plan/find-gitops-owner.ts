// Is the release managed by a GitOps controller? Flux's helm-controller labels what it installs
// helm.toolkit.fluxcd.io/name and /namespace; Argo CD tracks objects by the
// argocd.argoproj.io/instance label or the argocd.argoproj.io/tracking-id annotation. Either
// controller undoes a direct change at its next sync. Shared by diagnoses and plans. Pure.
import { isPlainObject } from "./canonical-json.ts";
import { parseManifest } from "./parse-manifest.ts";

export interface ObjectMarks {
  // "Deployment web", for the evidence.
  object: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface GitOpsOwner {
  controller: "flux" | "argocd";
  // The HelmRelease ("namespace/name") or the Argo CD Application name.
  name: string;
  evidence: string;
}

function fluxOwner(marks: ObjectMarks): GitOpsOwner | null {
  const keys = Object.keys(marks.labels).filter((k) => k.startsWith("helm.toolkit.fluxcd.io/"));
  if (keys.length === 0) return null;
  const name = marks.labels["helm.toolkit.fluxcd.io/name"] ?? "?";
  const namespace = marks.labels["helm.toolkit.fluxcd.io/namespace"];
  const key = keys.includes("helm.toolkit.fluxcd.io/name")
    ? "helm.toolkit.fluxcd.io/name"
    : keys[0];
  return {
    controller: "flux",
    name: namespace ? `${namespace}/${name}` : name,
    evidence: `${marks.object} has the label ${key}=${marks.labels[key ?? ""] ?? ""}`,
  };
}

function argoOwner(marks: ObjectMarks): GitOpsOwner | null {
  const instance = marks.labels["argocd.argoproj.io/instance"];
  if (instance !== undefined) {
    return {
      controller: "argocd",
      name: instance,
      evidence: `${marks.object} has the label argocd.argoproj.io/instance=${instance}`,
    };
  }
  const tracking = marks.annotations["argocd.argoproj.io/tracking-id"];
  if (tracking === undefined) return null;
  // "<app>:<group>/<kind>:<namespace>/<name>"; the app may be "<namespace>_<app>".
  return {
    controller: "argocd",
    name: tracking.split(":")[0] ?? tracking,
    evidence: `${marks.object} has the annotation argocd.argoproj.io/tracking-id=${tracking}`,
  };
}

export function findGitOpsOwner(objects: readonly ObjectMarks[]): GitOpsOwner | null {
  for (const marks of objects) {
    const owner = fluxOwner(marks) ?? argoOwner(marks);
    if (owner !== null) return owner;
  }
  return null;
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

// The labels and annotations of every object in a manifest.
export function manifestMarks(manifest: string): ObjectMarks[] {
  return parseManifest(manifest, "").objects.map(({ ref, body }) => {
    const metadata = isPlainObject(body.metadata) ? body.metadata : {};
    return {
      object: `${ref.kind} ${ref.name}`,
      labels: stringRecord(metadata.labels),
      annotations: stringRecord(metadata.annotations),
    };
  });
}
