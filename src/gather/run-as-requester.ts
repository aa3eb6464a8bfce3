// A plan's dry runs as the person who asked: helm's server dry run and the API server's own
// check of the rendered objects impersonate the requester, so their RBAC answers before anyone
// approves. Reads stay Wheelhouse's own: what the plan shows of the release is not theirs to hide.

import type { KubeReader } from "../kube/kubectl-client.ts";
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { KubeIdentity } from "../model/kube-identity.ts";
import type { PlanHelm } from "./plan-helm.ts";

// The same object with some methods replaced; a Proxy, so methods added later pass through.
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return Reflect.get(overrides, property);
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

export function helmAsRequester(helm: PlanHelm, identity: KubeIdentity | null): PlanHelm {
  if (identity === null) return helm;
  return overriding(helm, {
    mutate: (op: MutatingHelmOperation) =>
      helm.mutate(op.dryRun ? { ...op, impersonate: identity } : op),
  });
}

export function kubeAsRequester(kube: KubeReader, identity: KubeIdentity | null): KubeReader {
  if (identity === null) return kube;
  return overriding(kube, {
    validateManifest: (manifest: string, namespace: string) =>
      manifest.trim() === ""
        ? Promise.resolve([])
        : kube.prepareValidation(namespace, identity).validate(manifest),
    prepareValidation: (namespace: string) => kube.prepareValidation(namespace, identity),
  });
}
