// The API server's answer to a GET of core objects, turned into what `kubectl get -o json`
// prints: list items with the kind and apiVersion the server leaves out of a List, without the
// managedFields kubectl hides, failures classified by kubectl's rules. These answers may hold
// Secrets (every helm revision's values in full): no byte of a body goes into an error, only a
// Status's reason and message.
import { z } from "zod";
import { serverWords } from "./api-failure.ts";
import { type KubeQuery, validateKubeQuery } from "./build-kubectl-argv.ts";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import type { ApiResponse } from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";
import { type KubeObject, kubeObjectSchema } from "./kube-object-schema.ts";

// Resources of the core group whose `kubectl get -o json` is the server's JSON as it is.
const CORE_KINDS = { secrets: "Secret", configmaps: "ConfigMap" } as const;
type CoreResource = keyof typeof CORE_KINDS;

export interface CoreQuery {
  resource: CoreResource;
  namespace: string;
  name?: string;
  selector?: string;
}

function isCoreResource(resource: string): resource is CoreResource {
  return Object.hasOwn(CORE_KINDS, resource);
}

// Validated first, as kubectl's argv is; null: not a query answered exactly here (another
// resource, several, no namespace, impersonation, a name with a selector, which kubectl refuses).
export function asCoreQuery(query: KubeQuery): CoreQuery | null {
  validateKubeQuery(query);
  const { resource, namespace, name, selector } = query;
  if (!isCoreResource(resource) || namespace === undefined || query.impersonate) return null;
  if (name !== undefined && selector !== undefined) return null;
  return {
    resource,
    namespace,
    ...(name === undefined ? {} : { name }),
    ...(selector === undefined ? {} : { selector }),
  };
}

export function buildCorePath(query: CoreQuery): string {
  const at = `/api/v1/namespaces/${encodeURIComponent(query.namespace)}/${query.resource}`;
  if (query.name !== undefined) return `${at}/${encodeURIComponent(query.name)}`;
  if (query.selector === undefined) return at;
  return `${at}?${new URLSearchParams({ labelSelector: query.selector }).toString()}`;
}

function invalid(command: string[], detail: string): KubeError {
  // detail names the problem, never the content: the body may be a Secret's data.
  return new KubeError(
    "kube_output_invalid",
    "The API server sent objects Wheelhouse cannot read.",
    {
      command,
      stderr: detail,
    },
  );
}

function parseBody(body: Buffer, command: string[]): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    // Not kept as the cause: V8's message quotes the text it could not parse.
    throw invalid(command, `the answer (${body.length} bytes) is not JSON`);
  }
}

// The body of a 200 as JSON; any other status as kubectl would have failed on it.
function answeredJson(response: ApiResponse, command: string[]): unknown {
  if (response.status !== 200) {
    throw classifyKubectlFailure({ command, stderr: serverWords(response.status, response.body) });
  }
  return parseBody(response.body, command);
}

function asKubectlPrints(object: Record<string, unknown>, command: string[]): KubeObject {
  const parsed = kubeObjectSchema.safeParse(object);
  if (!parsed.success)
    throw invalid(command, `an object has ${parsed.error.issues.length} unreadable field(s)`);
  const { managedFields: _hidden, ...metadata } = parsed.data.metadata;
  return { ...parsed.data, metadata };
}

const itemsSchema = z.object({ apiVersion: z.literal("v1"), items: z.array(z.looseObject({})) });
// The answer to a list asked for as PartialObjectMetadataList: each item its metadata alone.
const metadataListSchema = z.object({
  apiVersion: z.literal("meta.k8s.io/v1"),
  kind: z.literal("PartialObjectMetadataList"),
  // An empty list's items are null (Go's nil slice), where a SecretList's are [].
  items: z
    .array(z.object({ metadata: z.looseObject({}) }))
    .nullable()
    .transform((items) => items ?? []),
});

// What the API server sends a list whose client asks for metadata only (Accept), since 1.15.
export const METADATA_LIST_ACCEPT =
  "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

export function objectsFromAnswer(
  query: CoreQuery,
  response: ApiResponse,
  command: string[],
): KubeObject[] {
  const data = answeredJson(response, command);
  const kind = CORE_KINDS[query.resource];
  if (query.name !== undefined) {
    const object = z.looseObject({ kind: z.literal(kind) }).safeParse(data);
    if (!object.success) throw invalid(command, `the answer is not one ${kind}`);
    return [asKubectlPrints(object.data, command)];
  }
  const list = itemsSchema.extend({ kind: z.literal(`${kind}List`) }).safeParse(data);
  if (!list.success) throw invalid(command, `the answer is not a ${kind}List`);
  return list.data.items.map((item) =>
    asKubectlPrints({ ...item, apiVersion: "v1", kind }, command),
  );
}

// A listing asked for with METADATA_LIST_ACCEPT, as objects of the query's kind with no body.
export function metadataFromAnswer(
  query: CoreQuery,
  response: ApiResponse,
  command: string[],
): KubeObject[] {
  const list = metadataListSchema.safeParse(answeredJson(response, command));
  if (!list.success) throw invalid(command, "the answer is not a PartialObjectMetadataList");
  const kind = CORE_KINDS[query.resource];
  return list.data.items.map((item) =>
    asKubectlPrints({ apiVersion: "v1", kind, metadata: item.metadata }, command),
  );
}
