// Container logs straight from the API server (GET .../pods/POD/log), for the diagnosis's second
// round: the same query, text and error codes as `kubectl logs`, without starting kubectl.
import { z } from "zod";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import {
  type ApiResponse,
  BodyTooLargeError,
  type KubeApiConnection,
} from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";
import type { ContainerLogReader } from "./kubectl-logs.ts";
import { type LogQuery, validateLogQuery } from "./validate-log-query.ts";

// As kubectl's output limit in KubectlLogReader.
const MAX_LOG_BYTES = 16 * 1024 * 1024;
const MAX_STATUS_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

// Failures Node reports where kubectl says it cannot reach the server (refused, no route, no
// such host, a certificate it cannot verify): the same code for the same situation.
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
]);
const TLS_UNVERIFIED = /CERT|SIGNATURE|^ERR_TLS_|^ERR_SSL_/;

const statusSchema = z.object({
  kind: z.literal("Status"),
  reason: z.string().optional(),
  message: z.string().optional(),
});

// kubectl's "Error from server (Reason)" when the answer is not a Status.
const REASON_BY_HTTP_CODE: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export function buildLogPath(query: LogQuery): string {
  validateLogQuery(query);
  const at = `/api/v1/namespaces/${encodeURIComponent(query.namespace)}/pods/${encodeURIComponent(query.pod)}/log`;
  const params = new URLSearchParams({
    container: query.container,
    tailLines: String(query.lines),
    ...(query.previous ? { previous: "true" } : {}),
  });
  return `${at}?${params.toString()}`;
}

export class ApiLogReader implements ContainerLogReader {
  private readonly connection: KubeApiConnection;
  private readonly timeoutMs: number;

  constructor(connection: KubeApiConnection, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.connection = connection;
    this.timeoutMs = timeoutMs;
  }

  async tail(query: LogQuery): Promise<string> {
    const path = buildLogPath(query);
    const command = ["GET", path];
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: ApiResponse;
    try {
      response = await this.connection.get(path, { signal, maxBytes: MAX_LOG_BYTES });
    } catch (error) {
      throw requestFailure(error, command, signal);
    }
    // execa hands kubectl's output over without its final newline: the same text here.
    if (response.status === 200) return response.body.toString("utf8").replace(/\r?\n$/, "");
    // The server's own words stand in for kubectl's stderr, classified by the same rules.
    throw classifyKubectlFailure({ command, stderr: serverError(response.status, response.body) });
  }
}

function serverError(status: number, body: Buffer): string {
  const text = body.subarray(0, MAX_STATUS_BYTES).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const known = statusSchema.safeParse(parsed);
  const reason = (known.success && known.data.reason) || REASON_BY_HTTP_CODE[status] || "Unknown";
  const message = known.success ? (known.data.message ?? "") : text.trim();
  return `Error from server (${reason}): ${message || `HTTP ${status}`}`;
}

function requestFailure(error: unknown, command: string[], signal: AbortSignal): unknown {
  if (error instanceof KubeError) return error;
  if (signal.aborted) {
    return new KubeError("kube_timeout", "The API server sent no log before the deadline.", {
      command,
      cause: error,
    });
  }
  if (error instanceof BodyTooLargeError) {
    return new KubeError("kube_command_failed", "The log tail is too large to read.", {
      command,
      stderr: error.message,
    });
  }
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  const said = `${code}: ${error instanceof Error ? error.message : String(error)}`;
  if (UNREACHABLE.has(code) || TLS_UNVERIFIED.test(code)) {
    return new KubeError(
      "kube_cluster_unreachable",
      "Wheelhouse cannot reach the Kubernetes API server.",
      { command, stderr: said, cause: error },
    );
  }
  return new KubeError("kube_command_failed", "Reading the log from the API server failed.", {
    command,
    stderr: said,
    cause: error,
  });
}
