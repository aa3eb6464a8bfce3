// Container logs for diagnosis: `kubectl logs --tail N [--previous]`, argv validated like every
// other kubectl call. Beside the colleague's KubectlClient rather than inside it.
import { execa } from "execa";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import { KubeError } from "./kube-errors.ts";
import type { KubectlClientOptions } from "./kubectl-client.ts";
import { type LogQuery, validateLogQuery } from "./validate-log-query.ts";

export type { LogQuery };

export interface ContainerLogReader {
  tail(query: LogQuery): Promise<string>;
}

export function buildKubectlLogsArgv(query: LogQuery): string[] {
  validateLogQuery(query);
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
