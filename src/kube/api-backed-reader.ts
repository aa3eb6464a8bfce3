// A KubeReader that answers the reads it can answer exactly (namespaced Secrets and ConfigMaps,
// listed by selector or got by name: helm's release records) with one GET from the API server
// in this process, a few ms instead of starting kubectl, and hands everything else (other
// resources, several at once, impersonation, manifest checks) to the reader it wraps.

import { transportFailure } from "./api-failure.ts";
import type { KubeQuery } from "./build-kubectl-argv.ts";
import { type ApiResponse, connectKubeApi, type KubeApiConnection } from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";
import type { KubeObject } from "./kube-object-schema.ts";
import type {
  KubectlClientOptions,
  KubeReader,
  PreparedValidation,
  ReadOptions,
} from "./kubectl-client.ts";
import type { KubeApiEnvironment } from "./locate-kube-api.ts";
import {
  asCoreQuery,
  buildCorePath,
  type CoreQuery,
  METADATA_LIST_ACCEPT,
  metadataFromAnswer,
  objectsFromAnswer,
} from "./read-api-answer.ts";

export interface ApiBackedReaderOptions {
  // Each read's deadline, as kubectl's timeout in KubectlClient (default 60 s).
  timeoutMs?: number;
  // A larger answer is refused (kube_command_failed); every revision of a release is ~1 MiB at most.
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

// What Node reports where kubectl says it cannot reach the server (refused, no route, no such
// host, a certificate it cannot verify): the same code for the same situation.

// The product's reader: inner as it is when kubectl must do the talking (a kubeconfig shape
// Wheelhouse does not read itself).
export function withApiReads(
  inner: KubeReader,
  options: Pick<KubectlClientOptions, "kubeconfig" | "timeoutMs">,
  where?: KubeApiEnvironment,
): KubeReader {
  const connection = connectKubeApi(options.kubeconfig, where);
  if (connection === null) return inner;
  return new ApiBackedReader(inner, connection, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

export class ApiBackedReader implements KubeReader {
  private readonly inner: KubeReader;
  private readonly connection: KubeApiConnection;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(
    inner: KubeReader,
    connection: KubeApiConnection,
    options: ApiBackedReaderOptions = {},
  ) {
    this.inner = inner;
    this.connection = connection;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  async get(query: KubeQuery, options: ReadOptions = {}): Promise<KubeObject[]> {
    const core = asCoreQuery(query);
    return core === null ? this.inner.get(query, options) : this.read(core, options.signal);
  }

  // null when the object does not exist, as KubectlClient's getOne.
  async getOne(
    query: KubeQuery & { name: string },
    options: ReadOptions = {},
  ): Promise<KubeObject | null> {
    const core = asCoreQuery(query);
    if (core === null) return this.inner.getOne(query, options);
    try {
      const [object] = await this.read(core, options.signal);
      return object ?? null;
    } catch (error) {
      if (error instanceof KubeError && error.code === "kube_not_found") return null;
      throw error;
    }
  }

  // Whole objects for what is not a listing answered here: a superset of what was asked.
  async listMetadata(query: KubeQuery, options: ReadOptions = {}): Promise<KubeObject[]> {
    const core = asCoreQuery(query);
    if (core === null || core.name !== undefined) return this.get(query, options);
    const response = await this.send(core, options.signal, { accept: METADATA_LIST_ACCEPT });
    return metadataFromAnswer(core, response.answer, response.command);
  }

  validateManifest(manifest: string, namespace: string): Promise<string[]> {
    return this.inner.validateManifest(manifest, namespace);
  }

  prepareValidation(...args: Parameters<KubeReader["prepareValidation"]>): PreparedValidation {
    return this.inner.prepareValidation(...args);
  }

  private async read(query: CoreQuery, callerSignal?: AbortSignal): Promise<KubeObject[]> {
    const { answer, command } = await this.send(query, callerSignal);
    return objectsFromAnswer(query, answer, command);
  }

  private async send(
    query: CoreQuery,
    callerSignal: AbortSignal | undefined,
    headers: Record<string, string> = {},
  ): Promise<{ answer: ApiResponse; command: string[] }> {
    const path = buildCorePath(query);
    const command = ["GET", path];
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([deadline, callerSignal]) : deadline;
    try {
      const answer = await this.connection.request({
        method: "GET",
        path,
        headers,
        signal,
        maxBytes: this.maxBytes,
        idempotent: true,
      });
      return { answer, command };
    } catch (error) {
      throw this.requestFailure(error, command, callerSignal?.aborted === true, signal.aborted);
    }
  }

  private requestFailure(
    error: unknown,
    command: string[],
    canceled: boolean,
    aborted: boolean,
  ): KubeError {
    if (error instanceof KubeError) return error;
    // No cause kept: Node puts the bytes it could not parse on the error (rawPacket), and those
    // may be a Secret's; its code and message say enough.
    if (aborted) {
      const message = canceled
        ? "The API server gave no answer before the deadline."
        : `The API server gave no answer within ${Math.round(this.timeoutMs / 1000)}s.`;
      return new KubeError("kube_timeout", message, { command });
    }
    return transportFailure(error, command, "The API server's answer");
  }
}
