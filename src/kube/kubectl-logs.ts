// Container logs for diagnosis: `kubectl logs --tail N [--previous]`, argv validated like every
// other kubectl call. Beside the colleague's KubectlClient rather than inside it.
import { execa } from "execa";
import { namespaceSchema } from "../model/names.ts";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import { KubeError, kubeInvalidInput } from "./kube-errors.ts";
import type { KubectlClientOptions } from "./kubectl-client.ts";

export interface LogQuery {
  namespace: string;
  pod: string;
  container: string;
  // The instance before the last restart: where a crashed container said why.
  previous: boolean;
  lines: number;
}

export interface ContainerLogReader {
  tail(query: LogQuery): Promise<string>;
}

const POD = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const CONTAINER = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const MAX_LINES = 1000;

export function buildKubectlLogsArgv(query: LogQuery): string[] {
  if (!namespaceSchema.safeParse(query.namespace).success) {
    throw kubeInvalidInput(
      "namespace",
      query.namespace,
      "a namespace is lowercase letters, digits and '-'",
    );
  }
  if (!POD.test(query.pod)) throw kubeInvalidInput("pod", query.pod, "not a pod name");
  if (!CONTAINER.test(query.container)) {
    throw kubeInvalidInput("container", query.container, "not a container name");
  }
  if (!Number.isInteger(query.lines) || query.lines < 1 || query.lines > MAX_LINES) {
    throw kubeInvalidInput("lines", String(query.lines), `a whole number from 1 to ${MAX_LINES}`);
  }
  return [
    "logs",
    query.pod,
    "--namespace",
    query.namespace,
    "--container",
    query.container,
    "--tail",
    String(query.lines),
    ...(query.previous ? ["--previous"] : []),
    "--request-timeout=30s",
  ];
}

export class KubectlLogReader implements ContainerLogReader {
  private readonly bin: string;
  private readonly env: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: KubectlClientOptions) {
    this.bin = options.bin;
    this.env = options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : {};
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async tail(query: LogQuery): Promise<string> {
    const argv = buildKubectlLogsArgv(query);
    const command = [this.bin, ...argv];
    const result = await execa(this.bin, argv, {
      env: this.env,
      extendEnv: true,
      reject: false,
      stdin: "ignore",
      timeout: this.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.timedOut) {
      throw new KubeError("kube_timeout", "kubectl logs timed out.", {
        command,
        stderr: result.stderr,
      });
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
