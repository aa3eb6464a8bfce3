// Errors carry a stable code (what Slack shows is chosen by code), the command that ran and the
// first lines of stderr, so a person can act without re-running anything.
export type HelmErrorCode =
  | "helm_invalid_input"
  | "helm_release_not_found"
  | "helm_operation_in_progress"
  | "helm_timeout"
  | "helm_dry_run_failed"
  | "helm_cluster_unreachable"
  | "helm_chart_not_found"
  | "helm_output_invalid"
  | "helm_binary_missing"
  | "helm_command_failed";

export interface HelmErrorContext {
  command?: string[];
  stderr?: string;
  exitCode?: number;
  cause?: unknown;
}

const STDERR_HEAD_LINES = 8;

export class HelmError extends Error {
  readonly code: HelmErrorCode;
  readonly command: string[];
  readonly stderrHead: string;
  readonly exitCode: number | undefined;

  constructor(code: HelmErrorCode, message: string, context: HelmErrorContext = {}) {
    super(message, { cause: context.cause });
    this.code = code;
    this.name = new.target.name;
    this.command = context.command ?? [];
    this.stderrHead = (context.stderr ?? "")
      .trim()
      .split("\n")
      .slice(0, STDERR_HEAD_LINES)
      .join("\n");
    this.exitCode = context.exitCode;
  }
}

export class HelmInvalidInputError extends HelmError {
  readonly field: string;
  readonly value: string;
  constructor(field: string, value: string, reason: string) {
    super("helm_invalid_input", `Refused ${field} ${JSON.stringify(value)}: ${reason}.`);
    this.field = field;
    this.value = value;
  }
}

export class HelmReleaseNotFoundError extends HelmError {
  constructor(context: HelmErrorContext) {
    super(
      "helm_release_not_found",
      "The release does not exist (helm: release: not found).",
      context,
    );
  }
}

export class HelmOperationInProgressError extends HelmError {
  constructor(context: HelmErrorContext) {
    super(
      "helm_operation_in_progress",
      "Helm refuses: another operation (install/upgrade/rollback) is in progress on this release.",
      context,
    );
  }
}

export class HelmTimeoutError extends HelmError {
  readonly timeoutMs: number | undefined;
  constructor(timeoutMs: number | undefined, context: HelmErrorContext) {
    const after = timeoutMs === undefined ? "" : ` after ${Math.round(timeoutMs / 1000)}s`;
    super("helm_timeout", `helm timed out${after}.`, context);
    this.timeoutMs = timeoutMs;
  }
}

export class HelmDryRunFailedError extends HelmError {
  constructor(context: HelmErrorContext) {
    super("helm_dry_run_failed", "The API server or the chart rejected the change.", context);
  }
}

export class HelmClusterUnreachableError extends HelmError {
  constructor(context: HelmErrorContext, message = "helm cannot reach the Kubernetes API server.") {
    super("helm_cluster_unreachable", message, context);
  }
}

export class HelmChartNotFoundError extends HelmError {
  constructor(context: HelmErrorContext) {
    super("helm_chart_not_found", "The chart or chart version was not found.", context);
  }
}

export class HelmOutputInvalidError extends HelmError {
  constructor(what: string, context: HelmErrorContext) {
    super("helm_output_invalid", `helm printed ${what} that Wheelhouse cannot read.`, context);
  }
}

export class HelmBinaryMissingError extends HelmError {
  constructor(bin: string, cause: unknown) {
    super(
      "helm_binary_missing",
      `The helm binary ${JSON.stringify(bin)} could not be started; run 'npm run tools' or set HELM_BIN.`,
      { cause },
    );
  }
}

export class HelmCommandFailedError extends HelmError {
  constructor(context: HelmErrorContext) {
    super("helm_command_failed", "helm failed.", context);
  }
}
