// Requests to the Kubernetes API server from this process, over one keep-alive TLS agent:
// a read costs a round trip instead of starting kubectl (~40 ms before it sends anything).
// connectKubeApi answers null whenever kubectl should do the talking instead.
import { X509Certificate } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { Agent, request } from "node:https";
import { createSecureContext } from "node:tls";
import { KubeError } from "./kube-errors.ts";
import { type KubeApiEnvironment, locateKubeApi } from "./locate-kube-api.ts";
import { type KubeApiTarget, TOKEN } from "./read-kubeconfig.ts";

export interface ApiResponse {
  status: number;
  body: Buffer;
  // Each header's values as sent (the API server's Warning headers come several at a time).
  headers: Record<string, string[]>;
}

export interface GetOptions {
  signal: AbortSignal;
  maxBytes: number;
}

// A request other than a plain GET. idempotent: resent once when a kept-alive socket turns out
// closed, as a GET is (a dry run stores nothing, so resending it is safe).
export interface ApiRequest extends GetOptions {
  method: "GET" | "PATCH";
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  idempotent: boolean;
}

const IDLE_SOCKET_MS = 15_000;

export class BodyTooLargeError extends Error {
  readonly code = "body_too_large";
}

export function connectKubeApi(
  kubeconfig: string | undefined,
  where?: KubeApiEnvironment,
): KubeApiConnection | null {
  const access = locateKubeApi(kubeconfig, where);
  if (access.target === null) return null;
  try {
    // Loaded now so a malformed key or CA leaves the read to kubectl, which says what is wrong.
    // (Node skips a CA it cannot parse without a word; X509Certificate does not.)
    const { ca, cert, key } = access.target;
    new X509Certificate(ca);
    createSecureContext({ ca, ...(cert && key ? { cert, key } : {}) });
  } catch {
    return null;
  }
  return new KubeApiConnection(access.target);
}

export class KubeApiConnection {
  private readonly agent: Agent;
  private readonly server: URL;
  private readonly token: () => Promise<string | undefined>;

  constructor(target: KubeApiTarget) {
    this.server = target.server;
    const { ca, cert, key, servername } = target;
    this.agent = new Agent({
      keepAlive: true,
      // An idle connection is closed after this (never a busy one): a peer gone silent
      // is not found only by the next read's deadline.
      timeout: IDLE_SOCKET_MS,
      ca,
      ...(cert && key ? { cert, key } : {}),
      ...(servername ? { servername } : {}),
    });
    this.token = target.tokenFile
      ? fileToken(target.tokenFile, target.token)
      : async () => target.token;
  }

  // path: already built from validated parts, with its query.
  async get(path: string, options: GetOptions): Promise<ApiResponse> {
    return this.request({ ...options, method: "GET", path, idempotent: true });
  }

  async request(call: ApiRequest): Promise<ApiResponse> {
    const token = await this.token();
    const headers = {
      accept: "application/json, */*",
      "user-agent": "wheelhouse",
      ...call.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(call.body === undefined
        ? {}
        : { "content-length": String(Buffer.byteLength(call.body)) }),
    };
    return this.send(call, headers, call.idempotent);
  }

  close(): void {
    this.agent.destroy();
  }

  private send(
    options: ApiRequest,
    headers: Record<string, string | string[]>,
    mayRetry: boolean,
  ): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const req = request(
        {
          agent: this.agent,
          host: this.server.hostname.replace(/^\[(.*)\]$/, "$1"),
          port: this.server.port || 443,
          path: `${this.server.pathname.replace(/\/+$/, "")}${options.path}`,
          method: options.method,
          headers,
          signal: options.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= options.maxBytes) chunks.push(chunk);
            else {
              fail(new BodyTooLargeError(`the answer is larger than ${options.maxBytes} bytes`));
              req.destroy();
            }
          });
          res.on("end", () => {
            if (settled) return;
            settled = true;
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
              headers: distinctHeaders(res.headersDistinct),
            });
          });
          res.on("error", fail);
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        // The server closed an idle kept-alive connection as we reused it: a GET is safe to resend.
        const stale = req.reusedSocket && error.code === "ECONNRESET" && !options.signal.aborted;
        if (!settled && mayRetry && stale) {
          settled = true;
          resolve(this.send(options, headers, false));
        } else fail(error);
      });
      req.end(options.body);
    });
  }
}

function distinctHeaders(headers: NodeJS.Dict<string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (Array.isArray(values)) out[name] = values;
  }
  return out;
}

// A token file, re-read when it changes (kubelet rotates projected tokens); the last good value
// stands in while a rotation is half-done. The token itself never goes into an error.
function fileToken(path: string, fallback: string | undefined) {
  let seen = "";
  let token = fallback;
  return async (): Promise<string | undefined> => {
    try {
      const info = await stat(path);
      const version = `${info.ino}:${info.size}:${info.mtimeMs}`;
      if (version !== seen) {
        const text = (await readFile(path, "utf8")).trim();
        if (!TOKEN.test(text)) throw new Error("not a bearer token");
        token = text;
        seen = version;
      }
    } catch (cause) {
      if (token === undefined)
        throw new KubeError("kube_command_failed", "The bearer token file cannot be read.", {
          command: [path],
          cause,
        });
    }
    return token;
  };
}
