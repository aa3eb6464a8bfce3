// The kubectl adapter: reads objects by resource, namespace, name or label selector. execa with an
// argv (never a shell), `-o json` parsed with zod, failures as KubeError with a code.
import { execa } from "execa";
import type { z } from "zod";
import type { KubeIdentity } from "../model/kube-identity.ts";
import { ApiManifestCheck } from "./api-manifest-check.ts";
import { asManifestRejection } from "./as-manifest-rejection.ts";
import { buildApplyDryRunArgv, buildKubectlArgv, type KubeQuery } from "./build-kubectl-argv.ts";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import type { KubeApiConnection } from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";
import { type KubeObject, kubeGetOutputSchema } from "./kube-object-schema.ts";
import { placeInNamespace } from "./place-in-namespace.ts";

export interface KubectlClientOptions {
  bin: string;
  kubeconfig?: string;
  timeoutMs?: number;
  // When given, the API server checks manifests over this connection instead of kubectl apply
  // (createKubeClient passes one when Wheelhouse can reach the server itself).
  api?: KubeApiConnection;
}

// signal: stops kubectl when the caller's own deadline passes (a kube_timeout is thrown then).
export interface ReadOptions {
  signal?: AbortSignal;
}

// What the core's callers need from the cluster; KubectlClient is the real one.
export interface KubeReader {
  get(query: KubeQuery, options?: ReadOptions): Promise<KubeObject[]>;
  getOne(query: KubeQuery & { name: string }, options?: ReadOptions): Promise<KubeObject | null>;
  // The listed objects' metadata alone (names, labels), for a caller that then gets only the
  // one it needs: present only where that costs a fraction of reading the objects, as in-process
  // (kubectl takes as long for it as for the whole objects; a caller lists those instead).
  listMetadata?(query: KubeQuery, options?: ReadOptions): Promise<KubeObject[]>;
  // Has the API server check a manifest without storing anything, each object in its own
  // namespace (namespace: where helm puts objects that name none); returns the objects it
  // accepted ("deployment.apps/web"), or throws kube_rejected with the server's reason.
  validateManifest(manifest: string, namespace: string): Promise<string[]>;
  // The same check, prepared now and given the manifest later (kubectl is started now: starting
  // it is most of its time, so it overlaps with rendering the manifest).
  // identity: who the API server checks the objects as (a plan's requester); default kubectl's.
  prepareValidation(namespace: string, identity?: KubeIdentity): PreparedValidation;
}

export interface PreparedValidation {
  validate(manifest: string): Promise<string[]>;
  // Stops the waiting kubectl when there is nothing to check; safe to call more than once.
  cancel(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function parseJson<T>(schema: z.ZodType<T>, text: string, command: string[]): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new KubeError("kube_output_invalid", "kubectl printed output that is not JSON.", {
      command,
      stderr: text.slice(0, 500),
      cause,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new KubeError("kube_output_invalid", "kubectl printed objects Wheelhouse cannot read.", {
      command,
      stderr: parsed.error.message,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export class KubectlClient implements KubeReader {
  readonly bin: string;
  private readonly env: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly apiCheck: ApiManifestCheck | null;

  constructor(options: KubectlClientOptions) {
    this.bin = options.bin;
    this.env = options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : {};
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.apiCheck = options.api
      ? new ApiManifestCheck(options.api, {
          timeoutMs: this.timeoutMs,
          // Manifests it does not read plainly go to kubectl, whose words then describe them.
          fallback: (namespace, identity) => this.prepareApply(namespace, identity),
        })
      : null;
  }

  async get(query: KubeQuery, options: ReadOptions = {}): Promise<KubeObject[]> {
    const argv = buildKubectlArgv(query);
    const stdout = await this.run(argv, options.signal);
    return parseJson(kubeGetOutputSchema, stdout, [this.bin, ...argv]);
  }

  // null when the object does not exist; every other failure is thrown.
  async getOne(
    query: KubeQuery & { name: string },
    options: ReadOptions = {},
  ): Promise<KubeObject | null> {
    try {
      const [object] = await this.get(query, options);
      return object ?? null;
    } catch (error) {
      if (error instanceof KubeError && error.code === "kube_not_found") return null;
      throw error;
    }
  }

  async validateManifest(manifest: string, namespace: string): Promise<string[]> {
    if (manifest.trim() === "") return [];
    return this.prepareValidation(namespace).validate(manifest);
  }

  prepareValidation(namespace: string, identity?: KubeIdentity): PreparedValidation {
    return this.apiCheck
      ? this.apiCheck.prepare(namespace, identity)
      : this.prepareApply(namespace, identity);
  }

  private prepareApply(namespace: string, identity?: KubeIdentity): PreparedValidation {
    // Checked now, before kubectl starts: a bad namespace never reaches it.
    placeInNamespace("", namespace);
    const argv = buildApplyDryRunArgv(identity);
    const subprocess = this.start(argv, "pipe");
    let settled = false;
    return {
      validate: async (manifest) => {
        settled = true;
        subprocess.stdin?.end(placeInNamespace(manifest, namespace));
        try {
          return (await this.finish(argv, subprocess))
            .split("\n")
            .filter((line) => line.trim() !== "");
        } catch (error) {
          throw asManifestRejection(error);
        }
      },
      cancel: async () => {
        if (settled) return;
        settled = true;
        subprocess.kill();
        await subprocess;
      },
    };
  }

  private async run(argv: string[], signal?: AbortSignal): Promise<string> {
    return this.finish(argv, this.start(argv, "ignore", signal));
  }

  // A manifest goes on stdin ("pipe"): it may hold Secrets, which must not reach argv or a file.
  private start(argv: string[], stdin: "pipe" | "ignore", signal?: AbortSignal) {
    return execa(this.bin, argv, {
      env: this.env,
      extendEnv: true,
      reject: false,
      stdin,
      timeout: this.timeoutMs,
      ...(signal ? { cancelSignal: signal } : {}),
      maxBuffer: 256 * 1024 * 1024,
    });
  }

  private async finish(
    argv: string[],
    subprocess: ReturnType<KubectlClient["start"]>,
  ): Promise<string> {
    const command = [this.bin, ...argv];
    const result = await subprocess;
    // Stopped by the caller's deadline: to the caller that is the same as its own timeout.
    if (result.isCanceled) {
      throw new KubeError("kube_timeout", "kubectl got no answer before the deadline.", {
        command,
        stderr: result.stderr,
        cause: result.cause,
      });
    }
    if (result.timedOut) {
      throw new KubeError(
        "kube_timeout",
        `kubectl timed out after ${Math.round(this.timeoutMs / 1000)}s.`,
        { command, stderr: result.stderr, cause: result.cause },
      );
    }
    if (result.exitCode === undefined && result.cause instanceof Error && "code" in result.cause) {
      if (result.cause.code === "ENOENT" || result.cause.code === "EACCES") {
        throw new KubeError(
          "kube_binary_missing",
          `The kubectl binary ${JSON.stringify(this.bin)} could not be started; run 'npm run tools' or set KUBECTL_BIN.`,
          {
            command,
            cause: result.cause,
          },
        );
      }
    }
    if (result.failed) {
      throw classifyKubectlFailure({
        command,
        stderr: result.stderr || (result.message ?? ""),
        exitCode: result.exitCode,
        cause: result.cause,
      });
    }
    return result.stdout;
  }
}
