// kubectl failures with a stable code (what a person is shown is chosen by code), the command
// that ran and the first lines of stderr. Same shape as HelmError.
export type KubeErrorCode =
  | "kube_invalid_input"
  | "kube_not_found"
  | "kube_forbidden"
  | "kube_resource_type_unknown"
  | "kube_rejected"
  | "kube_cluster_unreachable"
  | "kube_timeout"
  | "kube_output_invalid"
  | "kube_binary_missing"
  | "kube_command_failed";

export interface KubeErrorContext {
  command?: string[];
  stderr?: string;
  exitCode?: number | undefined;
  cause?: unknown;
}

const STDERR_HEAD_LINES = 8;

export class KubeError extends Error {
  readonly code: KubeErrorCode;
  readonly command: string[];
  readonly stderrHead: string;
  readonly exitCode: number | undefined;

  constructor(code: KubeErrorCode, message: string, context: KubeErrorContext = {}) {
    super(message, { cause: context.cause });
    this.code = code;
    this.name = "KubeError";
    this.command = context.command ?? [];
    this.stderrHead = (context.stderr ?? "")
      .trim()
      .split("\n")
      .slice(0, STDERR_HEAD_LINES)
      .join("\n");
    this.exitCode = context.exitCode;
  }
}

export function kubeInvalidInput(field: string, value: string, reason: string): KubeError {
  return new KubeError(
    "kube_invalid_input",
    `Refused ${field} ${JSON.stringify(value)}: ${reason}.`,
  );
}
