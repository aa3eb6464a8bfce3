// The API server's dry-run check of a manifest, from this process: what `kubectl apply
// --server-side --dry-run=server --field-manager=helm --force-conflicts --validate=false -o name`
// does (buildApplyDryRunArgv), without starting kubectl. Each object one server-side-apply
// PATCH; answers, stderr text and error codes as kubectl's, so a plan reads the same either way.
import { z } from "zod";
import type { KubeIdentity } from "../model/kube-identity.ts";
import { ApiDiscovery, type ApiResource, safeJson } from "./api-discovery.ts";
import { asManifestRejection } from "./as-manifest-rejection.ts";
import { buildApplyDryRunArgv, impersonationHeaders } from "./build-kubectl-argv.ts";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import {
  type ApiResponse,
  BodyTooLargeError,
  type KubeApiConnection,
} from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";
import {
  type ApiStatus,
  type ApplyFailure,
  apiStatusSchema,
  kubectlApplyStderr,
  unmappedKind,
} from "./kubectl-apply-stderr.ts";
import type { PreparedValidation } from "./kubectl-client.ts";
import { parseWarnings } from "./parse-warnings.ts";
import { placeInNamespace } from "./place-in-namespace.ts";
import { type ManifestObject, splitManifestObjects } from "./split-manifest-objects.ts";

export interface ApiManifestCheckOptions {
  // The whole check's deadline, as kubectl's timeout in KubectlClient.
  timeoutMs: number;
  // kubectl's own check, for manifests this one does not read plainly.
  fallback: (namespace: string, identity?: KubeIdentity) => PreparedValidation;
  concurrency?: number;
}

type Outcome = { name: string; warnings: string[] } | { failure: ApplyFailure; warnings: string[] };

const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
// kubectl's apply options for these flags: dry run, field manager helm, conflicts forced,
// field validation off (--validate=false).
const APPLY_QUERY = "dryRun=All&fieldManager=helm&force=true&fieldValidation=Ignore";
// What errors name as the command: the kubectl run this check stands for.
const APPLY_COMMAND = buildApplyDryRunArgv();

export function applyPath(object: ManifestObject, resource: ApiResource): string {
  const base =
    object.group === ""
      ? `/api/${encodeURIComponent(object.version)}`
      : `/apis/${encodeURIComponent(object.group)}/${encodeURIComponent(object.version)}`;
  const scope = resource.namespaced ? `/namespaces/${encodeURIComponent(object.namespace)}` : "";
  return `${base}${scope}/${encodeURIComponent(resource.name)}/${encodeURIComponent(object.name)}?${APPLY_QUERY}`;
}

export class ApiManifestCheck {
  private readonly discovery: ApiDiscovery;
  private readonly connection: KubeApiConnection;
  private readonly options: ApiManifestCheckOptions;

  constructor(connection: KubeApiConnection, options: ApiManifestCheckOptions) {
    this.connection = connection;
    this.options = options;
    this.discovery = new ApiDiscovery(connection);
  }

  prepare(namespace: string, identity?: KubeIdentity): PreparedValidation {
    // Checked now, as kubectl's path does: a bad namespace or identity never gets further.
    placeInNamespace("", namespace);
    const headers = {
      "content-type": "application/apply-patch+yaml",
      ...impersonationHeaders(identity),
    };
    const stop = new AbortController();
    this.discovery.warm();
    return {
      validate: async (manifest) => {
        const objects = splitManifestObjects(manifest, namespace);
        if (objects === null) return this.options.fallback(namespace, identity).validate(manifest);
        const deadline = AbortSignal.timeout(this.options.timeoutMs);
        const signal = AbortSignal.any([stop.signal, deadline]);
        try {
          return await this.check(objects, headers, signal);
        } catch (error) {
          throw asManifestRejection(transportFailure(error, signal, this.options.timeoutMs));
        }
      },
      cancel: async () => stop.abort(),
    };
  }

  private async check(
    objects: ManifestObject[],
    headers: Record<string, string | string[]>,
    signal: AbortSignal,
  ): Promise<string[]> {
    if (objects.length === 0)
      throw failure(kubectlApplyStderr([], [], [{ plain: "no objects passed to apply" }]));
    const resources = await this.discovery.resolve(objects, signal);
    const unmapped = objects.filter((_, i) => resources[i] === null).map(unmappedKind);
    const outcomes = await inTurns(
      objects.flatMap((object, i) => {
        const resource = resources[i];
        return resource ? [() => this.apply(object, resource, headers, signal)] : [];
      }),
      this.options.concurrency ?? 8,
    );
    const failed = outcomes.flatMap((o) => ("failure" in o ? [o.failure] : []));
    if (unmapped.length > 0 || failed.length > 0) {
      const warnings = outcomes.flatMap((o) => o.warnings);
      throw failure(kubectlApplyStderr(warnings, unmapped, failed));
    }
    return outcomes.flatMap((o) => ("name" in o ? [o.name] : []));
  }

  private async apply(
    object: ManifestObject,
    resource: ApiResource,
    headers: Record<string, string | string[]>,
    signal: AbortSignal,
  ): Promise<Outcome> {
    // What kubectl refuses before it sends anything.
    if (object.name === "")
      return {
        failure: {
          plain: object.generateName
            ? `from ${object.generateName}: cannot use generate name with apply`
            : "resource name may not be empty",
        },
        warnings: [],
      };
    const response = await this.connection.request({
      method: "PATCH",
      path: applyPath(object, resource),
      headers,
      body: object.text,
      signal,
      maxBytes: MAX_ANSWER_BYTES,
      idempotent: true,
    });
    const warnings = parseWarnings(response.headers.warning ?? []);
    if (response.status === 200 || response.status === 201)
      return { name: printedName(response, object), warnings };
    return { failure: { status: statusOf(response) }, warnings };
  }
}

const answeredSchema = z.object({ apiVersion: z.string(), kind: z.string() });

// kubectl's `-o name`: the kind lowercased, with its group, and the name, as the server answered.
function printedName(response: ApiResponse, object: ManifestObject): string {
  const answered = answeredSchema.safeParse(safeJson(response.body.toString("utf8")));
  const kind = answered.success ? answered.data.kind : object.kind;
  const group = answered.success
    ? answered.data.apiVersion.includes("/")
      ? (answered.data.apiVersion.split("/")[0] ?? "")
      : ""
    : object.group;
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${object.name}`;
}

// client-go's words for an answer that is not a Status (a proxy's error page, a bare 404).
const GENERIC: Record<number, [string, string]> = {
  400: ["BadRequest", "the server rejected our request for an unknown reason"],
  401: ["Unauthorized", "the server has asked for the client to provide credentials"],
  403: ["Forbidden", "the server does not allow access to the requested resource"],
  404: ["NotFound", "the server could not find the requested resource"],
  405: ["MethodNotAllowed", "the server does not allow this method on the requested resource"],
  409: ["Conflict", "the server reported a conflict"],
  415: [
    "UnsupportedMediaType",
    "the server was unable to respond with a content type that the client supports",
  ],
  422: ["Invalid", "the server rejected our request due to an error in our request"],
  429: [
    "TooManyRequests",
    "the server has received too many requests and has asked us to try again later",
  ],
  503: ["ServiceUnavailable", "the server is currently unable to handle the request"],
  504: [
    "Timeout",
    "the server was unable to return a response in the time allotted, but may still be processing the request",
  ],
};

function statusOf(response: ApiResponse): ApiStatus {
  const text = response.body.subarray(0, 64 * 1024).toString("utf8");
  const status = apiStatusSchema.safeParse(safeJson(text));
  if (status.success) return status.data;
  const [reason, message] = GENERIC[response.status] ?? [
    response.status >= 500 ? "InternalError" : "",
    response.status >= 500
      ? `an error on the server (${JSON.stringify(text.trim())}) has prevented the request from succeeding`
      : `the server responded with the status code ${response.status} but did not return more information`,
  ];
  return { kind: "Status", reason, message };
}

// The text kubectl would have printed, classified by the same rules as its stderr.
function failure(stderr: string): KubeError {
  return classifyKubectlFailure({ command: ["kubectl", ...APPLY_COMMAND], stderr, exitCode: 1 });
}

function transportFailure(error: unknown, signal: AbortSignal, timeoutMs: number): unknown {
  if (error instanceof KubeError) return error;
  const command = ["kubectl", ...APPLY_COMMAND];
  if (error instanceof BodyTooLargeError)
    return new KubeError("kube_output_invalid", "The API server's answer is too large to read.", {
      command,
      stderr: error.message,
    });
  if (signal.aborted)
    return new KubeError(
      "kube_timeout",
      `The API server did not finish the check within ${Math.round(timeoutMs / 1000)}s.`,
      { command, cause: error },
    );
  // kubectl reads every failure to send or hear back as "Unable to connect to the server".
  const said = error instanceof Error ? error.message : String(error);
  return new KubeError(
    "kube_cluster_unreachable",
    "Wheelhouse cannot reach the Kubernetes API server.",
    { command, stderr: `Unable to connect to the server: ${said}`, cause: error },
  );
}

// Runs the tasks at most `limit` at a time; answers in the tasks' order.
async function inTurns<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const at = next++;
      out[at] = await (tasks[at] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}
