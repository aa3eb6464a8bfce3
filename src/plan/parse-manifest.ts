// A helm manifest (multi-document YAML) as objects with their identity: apiVersion, kind,
// namespace (the release's when the chart leaves it out) and name.
import { parseAllDocuments } from "yaml";
import { isPlainObject } from "./canonical-json.ts";

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  // null for cluster-scoped objects.
  namespace: string | null;
  name: string;
}

export interface ManifestObject {
  ref: ObjectRef;
  body: Record<string, unknown>;
  // The subchart that rendered it ("postgresql", "a/b" when nested), from helm's "# Source:"
  // line; null for the chart's own templates or when helm wrote no such line.
  subchart?: string | null;
}

// "web/charts/redis/templates/x.yaml" -> "redis"; "web/templates/x.yaml" -> null.
export function subchartOf(sourcePath: string): string | null {
  const parts = sourcePath.split("/");
  const names: string[] = [];
  for (let i = 0; i < parts.length - 2; i++) {
    const name = parts[i + 1];
    if (parts[i] === "charts" && name !== undefined && name !== "") names.push(name);
  }
  return names.length === 0 ? null : names.join("/");
}

function sourceOf(comment: string | null | undefined): string | null {
  const match = /Source:\s*(\S+)/.exec(comment ?? "");
  return match?.[1] ?? null;
}

export interface ParsedManifest {
  objects: ManifestObject[];
  // Documents that are not Kubernetes objects (or not YAML); counted, never silently dropped.
  unreadable: number;
}

// Built-in kinds that live outside namespaces. A custom resource is treated as namespaced unless
// the chart gave no namespace and the cluster says otherwise (callers with CRDs can correct it).
const CLUSTER_SCOPED = new Set([
  "APIService",
  "CertificateSigningRequest",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "CSIDriver",
  "CSINode",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

// Identity across API versions: a move from v1beta1 to v1 is the same object.
export function objectKey(ref: ObjectRef): string {
  return [apiGroup(ref.apiVersion), ref.kind, ref.namespace ?? "", ref.name].join("/");
}

export function describeRef(ref: ObjectRef): string {
  return ref.namespace === null
    ? `${ref.kind}/${ref.name}`
    : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function toObject(
  doc: unknown,
  defaultNamespace: string,
  subchart: string | null,
): ManifestObject | null {
  if (!isPlainObject(doc)) return null;
  const { apiVersion, kind, metadata } = doc;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !isPlainObject(metadata))
    return null;
  if (typeof metadata.name !== "string") return null;
  const namespace = isClusterScoped(kind)
    ? null
    : typeof metadata.namespace === "string"
      ? metadata.namespace
      : defaultNamespace;
  return { ref: { apiVersion, kind, namespace, name: metadata.name }, body: doc, subchart };
}

// One YAML document of a manifest as read, before namespaces are given: what it holds (null
// when it does not parse), the subchart that rendered it and where its text is.
export interface ManifestDocument {
  data: unknown;
  readable: boolean;
  subchart: string | null;
  // The document's own text is manifest.slice(range[0], range[1]).
  range: [number, number];
}

// A plan reads the same two manifests in several places (changed documents, CRDs, the diff,
// GitOps marks); a big chart's YAML takes tens of milliseconds to parse, so the last few
// manifests read are kept, by their text. Callers only read what they are given.
const REMEMBERED_MANIFESTS = 8;
const remembered = new Map<string, readonly ManifestDocument[]>();

export function manifestDocuments(manifest: string): readonly ManifestDocument[] {
  const known = remembered.get(manifest);
  if (known) return known;
  const documents = parseAllDocuments(manifest).map((doc): ManifestDocument => {
    const range: [number, number] = [doc.range[0], doc.range[2]];
    if (doc.errors.length > 0) return { data: null, readable: false, subchart: null, range };
    // helm writes "# Source: …" right after "---": the comment of the document's first node.
    const source = sourceOf(doc.commentBefore ?? doc.contents?.commentBefore);
    const subchart = source === null ? null : subchartOf(source);
    return { data: doc.toJS() as unknown, readable: true, subchart, range };
  });
  remembered.set(manifest, documents);
  if (remembered.size > REMEMBERED_MANIFESTS)
    remembered.delete(remembered.keys().next().value ?? "");
  return documents;
}

// The objects of one document (a List holds several), each in its namespace; unreadable counts
// the items that are not Kubernetes objects.
export function documentObjects(
  document: ManifestDocument,
  defaultNamespace: string,
): ParsedManifest {
  const { data, subchart } = document;
  if (!document.readable) return { objects: [], unreadable: 1 };
  if (data === null || data === undefined) return { objects: [], unreadable: 0 };
  const items =
    isPlainObject(data) &&
    Array.isArray(data.items) &&
    typeof data.kind === "string" &&
    data.kind.endsWith("List")
      ? data.items
      : [data];
  const objects: ManifestObject[] = [];
  let unreadable = 0;
  for (const item of items) {
    const object = toObject(item, defaultNamespace, subchart);
    if (object) objects.push(object);
    else unreadable++;
  }
  return { objects, unreadable };
}

export function parseManifest(manifest: string, defaultNamespace: string): ParsedManifest {
  const objects: ManifestObject[] = [];
  let unreadable = 0;
  for (const document of manifestDocuments(manifest)) {
    const parsed = documentObjects(document, defaultNamespace);
    objects.push(...parsed.objects);
    unreadable += parsed.unreadable;
  }
  return { objects, unreadable };
}

// Where a workload keeps its pod template: Deployment/StatefulSet/DaemonSet/Job/ReplicaSet under
// spec.template.spec, CronJob one level deeper, a bare Pod at spec.
export function podSpecOf(body: Record<string, unknown>): Record<string, unknown> | null {
  const spec = body.spec;
  if (!isPlainObject(spec)) return null;
  if (body.kind === "Pod") return spec;
  const jobTemplate = spec.jobTemplate;
  const holder =
    isPlainObject(jobTemplate) && isPlainObject(jobTemplate.spec) ? jobTemplate.spec : spec;
  const template = holder.template;
  return isPlainObject(template) && isPlainObject(template.spec) ? template.spec : null;
}

export function containerImages(body: Record<string, unknown>): Map<string, string> {
  const images = new Map<string, string>();
  const podSpec = podSpecOf(body);
  if (!podSpec) return images;
  for (const field of ["initContainers", "containers"]) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (
        isPlainObject(container) &&
        typeof container.name === "string" &&
        typeof container.image === "string"
      ) {
        images.set(container.name, container.image);
      }
    }
  }
  return images;
}

// helm.sh/resource-policy: keep makes helm leave an object in place on uninstall and upgrade.
export function isKept(object: ManifestObject): boolean {
  const metadata = object.body.metadata;
  const annotations = isPlainObject(metadata) ? metadata.annotations : undefined;
  return isPlainObject(annotations) && annotations["helm.sh/resource-policy"] === "keep";
}

// API groups served by Kubernetes itself; any other group in a manifest is a custom resource.
const BUILT_IN_GROUPS = new Set([
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "internal.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
  "storagemigration.k8s.io",
]);

export function isCustomResource(ref: ObjectRef): boolean {
  return !BUILT_IN_GROUPS.has(apiGroup(ref.apiVersion));
}
