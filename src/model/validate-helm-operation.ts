// Every value that reaches a helm argv passes here first; a refusal names the field and why.
import type { z } from "zod";
import { redactText } from "../redact/redact-text.ts";
import { HelmInvalidInputError } from "./helm-errors.ts";
import type { HelmOperation, SetValue } from "./helm-operation.ts";
import { type KubeIdentity, kubeSubjectSchema } from "./kube-identity.ts";
import {
  chartRefSchema,
  chartVersionSchema,
  namespaceSchema,
  releaseNameSchema,
  revisionSchema,
  setKeySchema,
  setValueSchema,
} from "./names.ts";
import type { ReleaseRef } from "./release.ts";

const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const REPO_URL = /^(https?|oci):\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%/-]*)?$/;
const MAX_TIMEOUT_SECONDS = 3600;
// Control characters (C0 and C1) and invisible formatting ones (zero-width, bidi overrides):
// the command a person approves would not show what helm gets.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

// A refusal never repeats a value it refuses: a --set value may be a password, a name may
// carry one pasted by mistake.
function shown(field: string, value: unknown): string {
  return field.startsWith("value of ") ? "(the value typed)" : redactText(String(value));
}

function check(schema: z.ZodType, field: string, value: unknown): void {
  // "-" first: an argument that looks like a flag is the classic argv injection.
  if (typeof value === "string" && value.startsWith("-")) {
    throw new HelmInvalidInputError(field, shown(field, value), "a value cannot start with '-'");
  }
  if (typeof value === "string" && HIDDEN.test(value)) {
    throw new HelmInvalidInputError(
      field,
      shown(field, value),
      "a value cannot hold control or invisible characters",
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const reason = result.error.issues[0]?.message ?? "invalid";
    throw new HelmInvalidInputError(field, shown(field, value), reason);
  }
}

function checkRelease(release: ReleaseRef): void {
  check(releaseNameSchema, "release name", release.name);
  check(namespaceSchema, "namespace", release.namespace);
}

function checkSet(set: Record<string, SetValue> | undefined): void {
  for (const [key, value] of Object.entries(set ?? {})) {
    check(setKeySchema, "value key", key);
    check(setValueSchema, `value of ${key}`, value);
  }
}

function checkIdentity(identity: KubeIdentity | undefined): void {
  if (identity === undefined) return;
  check(kubeSubjectSchema, "Kubernetes user", identity.user);
  for (const group of identity.groups) check(kubeSubjectSchema, "Kubernetes group", group);
}

// A CA bundle path from the configuration, or a temp dir Wheelhouse made: absolute, plain
// characters only.
const LOCAL_PATH = /^\/[A-Za-z0-9._/@+-]+$/;
function checkLocalPath(field: string, path: string | undefined): void {
  if (path === undefined) return;
  if (!LOCAL_PATH.test(path) || path.includes("/../"))
    throw new HelmInvalidInputError(field, redactText(path), "an absolute file path");
}
const checkCaFile = (caFile: string | undefined) => checkLocalPath("CA file", caFile);

function checkPositive(field: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new HelmInvalidInputError(
      field,
      String(value),
      `must be a whole number from 1 to ${max}`,
    );
  }
}

export function validateHelmOperation(op: HelmOperation): void {
  switch (op.kind) {
    case "list":
      if (op.namespace !== undefined) check(namespaceSchema, "namespace", op.namespace);
      return;
    case "status":
    case "get-values":
    case "get-manifest":
      checkRelease(op.release);
      if (op.revision !== undefined) check(revisionSchema, "revision", op.revision);
      return;
    case "history":
      checkRelease(op.release);
      checkPositive("max", op.max, 10_000);
      return;
    case "search-repo":
      check(chartRefSchema, "chart", op.chart);
      return;
    case "show-chart":
    case "show-values":
      check(chartRefSchema, "chart", op.chart);
      if (op.version !== undefined) check(chartVersionSchema, "version", op.version);
      checkCaFile(op.caFile);
      return;
    case "pull-chart":
      check(chartRefSchema, "chart", op.chart);
      if (op.version !== undefined) check(chartVersionSchema, "version", op.version);
      checkCaFile(op.caFile);
      checkLocalPath("untar directory", op.untarDir);
      return;
    case "env":
      return;
    case "repo-add":
      if (!REPO_NAME.test(op.name))
        throw new HelmInvalidInputError(
          "repository name",
          op.name,
          "letters, digits, '.', '_' and '-'",
        );
      if (!REPO_URL.test(op.url))
        throw new HelmInvalidInputError(
          "repository URL",
          redactText(op.url),
          "an http(s):// or oci:// URL",
        );
      return;
    case "repo-update":
      for (const name of op.names ?? []) {
        if (!REPO_NAME.test(name))
          throw new HelmInvalidInputError(
            "repository name",
            name,
            "letters, digits, '.', '_' and '-'",
          );
      }
      return;
    case "install":
    case "upgrade":
      checkRelease(op.release);
      check(chartRefSchema, "chart", op.chart);
      if (op.version !== undefined) check(chartVersionSchema, "version", op.version);
      checkCaFile(op.caFile);
      checkSet(op.set);
      checkPositive("timeout", op.timeoutSeconds, MAX_TIMEOUT_SECONDS);
      checkIdentity(op.impersonate);
      return;
    case "rollback":
      checkRelease(op.release);
      if (op.revision !== undefined) check(revisionSchema, "revision", op.revision);
      checkPositive("timeout", op.timeoutSeconds, MAX_TIMEOUT_SECONDS);
      checkIdentity(op.impersonate);
      return;
    case "uninstall":
      checkRelease(op.release);
      checkPositive("timeout", op.timeoutSeconds, MAX_TIMEOUT_SECONDS);
      checkIdentity(op.impersonate);
      return;
  }
}
