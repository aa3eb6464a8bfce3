// Container logs straight from the API server (GET .../pods/POD/log), for the diagnosis's second
// round: the same query, text and error codes as `kubectl logs`, without starting kubectl.
import { serverWords, transportFailure } from "./api-failure.ts";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import type { ApiResponse, KubeApiConnection } from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";
import type { ContainerLogReader } from "./kubectl-logs.ts";
import { type LogQuery, validateLogQuery } from "./validate-log-query.ts";

// As kubectl's output limit in KubectlLogReader.
const MAX_LOG_BYTES = 16 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

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
    throw classifyKubectlFailure({ command, stderr: serverWords(response.status, response.body) });
  }
}

function requestFailure(error: unknown, command: string[], signal: AbortSignal): unknown {
  if (error instanceof KubeError) return error;
  if (signal.aborted) {
    return new KubeError("kube_timeout", "The API server sent no log before the deadline.", {
      command,
      cause: error,
    });
  }
  return transportFailure(error, command, "The log tail");
}
