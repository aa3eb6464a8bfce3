// The one place a kubectl query becomes argv: validated first (nothing typed may become a flag),
// always `-o json`, so the output can be parsed with zod.
import { type KubeIdentity, kubeSubjectSchema } from "../model/kube-identity.ts";
import { namespaceSchema } from "../model/names.ts";
import { kubeInvalidInput } from "./kube-errors.ts";

export interface KubeQuery {
  // A resource as kubectl names it: "pods", "pvc", "deployments.apps", "widgets.example.com";
  // or several, comma-separated ("pods,events"): one kubectl process, one List of every kind.
  resource: string;
  name?: string;
  namespace?: string;
  // Every namespace; ignored when a name is given (kubectl needs one namespace then).
  allNamespaces?: boolean;
  // A label selector: "app.kubernetes.io/instance=web,tier!=cache".
  selector?: string;
  // Who the API server sees (--as/--as-group); absent: kubectl's own identity.
  impersonate?: KubeIdentity;
}

function checkSubjects(identity: KubeIdentity): void {
  for (const subject of [identity.user, ...identity.groups]) {
    if (!kubeSubjectSchema.safeParse(subject).success)
      throw kubeInvalidInput("impersonated identity", subject, "not a Kubernetes user or group");
  }
}

// --as/--as-group, validated: a user or group name never becomes a flag.
export function impersonationArgs(identity: KubeIdentity | undefined): string[] {
  if (identity === undefined) return [];
  checkSubjects(identity);
  return [`--as=${identity.user}`, ...identity.groups.map((group) => `--as-group=${group}`)];
}

// The same identity as the headers kubectl sends for those flags, validated the same way.
export function impersonationHeaders(
  identity: KubeIdentity | undefined,
): Record<string, string | string[]> {
  if (identity === undefined) return {};
  checkSubjects(identity);
  return {
    "impersonate-user": identity.user,
    ...(identity.groups.length > 0 ? { "impersonate-group": identity.groups } : {}),
  };
}

const ONE_RESOURCE = "[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?";
const RESOURCE = new RegExp(`^${ONE_RESOURCE}(,${ONE_RESOURCE}){0,15}$`);
// Object names: DNS subdomains mostly; RBAC names may hold ':' ("system:controller:x").
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._:-]{0,251}[A-Za-z0-9])?$/;
const SELECTOR = /^[A-Za-z0-9!][A-Za-z0-9._/,=!() -]{0,1023}$/;
const REQUEST_TIMEOUT = "30s";

export function validateKubeQuery(query: KubeQuery): void {
  if (!RESOURCE.test(query.resource))
    throw kubeInvalidInput(
      "resource",
      query.resource,
      "a resource is lowercase letters, digits, '.' and '-' (several: comma-separated)",
    );
  if (query.name !== undefined && !NAME.test(query.name))
    throw kubeInvalidInput("name", query.name, "not an object name");
  if (query.namespace !== undefined && !namespaceSchema.safeParse(query.namespace).success) {
    throw kubeInvalidInput(
      "namespace",
      query.namespace,
      "a namespace is lowercase letters, digits and '-'",
    );
  }
  if (query.selector !== undefined && !SELECTOR.test(query.selector))
    throw kubeInvalidInput("selector", query.selector, "not a label selector");
}

export function buildKubectlArgv(query: KubeQuery): string[] {
  validateKubeQuery(query);
  const scope =
    query.namespace !== undefined
      ? ["--namespace", query.namespace]
      : query.allNamespaces && query.name === undefined
        ? ["--all-namespaces"]
        : [];
  return [
    "get",
    query.resource,
    ...(query.name === undefined ? [] : [query.name]),
    ...scope,
    ...(query.selector === undefined ? [] : ["--selector", query.selector]),
    ...impersonationArgs(query.impersonate),
    "--output",
    "json",
    `--request-timeout=${REQUEST_TIMEOUT}`,
  ];
}

// The API server checks objects without storing them: server-side apply as helm 4 applies them
// (field manager "helm"), conflicts forced because only validity is asked. Client-side schema
// validation is off: the server rejects undeclared fields and wrong types on its own, and the
// client's OpenAPI download would cost more than the check. The manifest comes on stdin, each
// object already in its own namespace (placeInNamespace): no --namespace, which would refuse
// the objects a chart puts in other namespaces.
export function buildApplyDryRunArgv(identity?: KubeIdentity): string[] {
  return [
    "apply",
    "--server-side",
    "--dry-run=server",
    "--field-manager=helm",
    "--force-conflicts",
    "--validate=false",
    ...impersonationArgs(identity),
    "--output",
    "name",
    "--filename",
    "-",
    `--request-timeout=${REQUEST_TIMEOUT}`,
  ];
}
