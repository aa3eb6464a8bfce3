// A mutating HelmOperation as the plan holds it: validated, turned into argv by the one pure
// builder, and shown as a copyable command with the values of sensitive keys redacted.
import { buildHelmArgv, formatHelmCommand } from "../model/build-helm-argv.ts";
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import { validateHelmOperation } from "../model/validate-helm-operation.ts";
import { redactText } from "../redact/redact-text.ts";
import { REDACTED } from "../redact/redacted.ts";
import { secretSetKeys } from "../redact/secret-set-keys.ts";
import type { PlannedCommand } from "./plan-types.ts";

const SET_FLAGS = new Set(["--set", "--set-string"]);

// "--set-string auth.password=hunter2" -> "--set-string auth.password=REDACTED": by any key
// segment, or by the value's shape (a URL with a password, a token). The whole value goes.
export function redactArgv(argv: readonly string[]): string[] {
  const pairs = argv.flatMap((arg, i) => {
    const eq = arg.indexOf("=");
    return SET_FLAGS.has(argv[i - 1] ?? "") && eq > 0
      ? [[arg.slice(0, eq), arg.slice(eq + 1)] as const]
      : [];
  });
  const secret = secretSetKeys(pairs);
  return argv.map((arg, i) => {
    if (!SET_FLAGS.has(argv[i - 1] ?? "")) return arg;
    const eq = arg.indexOf("=");
    if (eq < 0) return redactText(arg);
    const key = arg.slice(0, eq);
    const value = arg.slice(eq + 1);
    if (secret.has(key)) return `${key}=${REDACTED}`;
    return redactText(value) === value ? arg : `${key}=${REDACTED}`;
  });
}

export function plannedCommand(operation: MutatingHelmOperation, helmMajor: 3 | 4): PlannedCommand {
  if (operation.dryRun) throw new Error("a plan's command cannot be a dry run");
  validateHelmOperation(operation);
  const argv = buildHelmArgv(operation, { helmMajor });
  return { operation, argv, display: formatHelmCommand(redactArgv(argv)), helmMajor };
}

// The same operation as a dry run: what gather runs before the plan is shown.
export function asDryRun(operation: MutatingHelmOperation): MutatingHelmOperation {
  return { ...operation, dryRun: true };
}
