// Validation of every name a person or a model can type before it may reach a helm argv.
// Pure: used by the intent analyser, the planner and the helm adapter alike.
import { z } from "zod";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Helm 3/4 release names: DNS-1123 subdomain, at most 53 characters (helm's own limit).
export const RELEASE_NAME_MAX = 53;

export const releaseNameSchema = z
  .string()
  .max(RELEASE_NAME_MAX, `a release name has at most ${RELEASE_NAME_MAX} characters`)
  .regex(DNS1123_SUBDOMAIN, "a release name is lowercase letters, digits, '-' and '.'");

export const namespaceSchema = z
  .string()
  .max(63, "a namespace has at most 63 characters")
  .regex(DNS1123_LABEL, "a namespace is lowercase letters, digits and '-'");

// Chart versions are SemVer 2 (helm requires it), optionally with a leading "v".
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
// helm also accepts constraints ("^1.2", "~2.0.0", ">=1.0.0 <2.0.0"); we allow the safe subset.
const VERSION_CONSTRAINT = /^[\^~]?v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?$/;

export const chartVersionSchema = z
  .string()
  .max(64)
  .refine((v) => SEMVER.test(v) || VERSION_CONSTRAINT.test(v), "not a chart version");

// A chart reference: "repo/chart", "oci://host/path/chart", a local path, or a URL.
const CHART_REF = /^(oci:\/\/|https?:\/\/)?[A-Za-z0-9._/:@-]+$/;
export const chartRefSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(CHART_REF, "a chart reference is 'repo/chart', an oci:// or https:// URL, or a path")
  .refine((v) => !v.startsWith("-"), "a chart reference cannot start with '-'");

// --set keys: dotted paths of identifiers, with optional [index] parts (helm's syntax).
const SET_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*(\[\d+\])*(\.[A-Za-z0-9_][A-Za-z0-9_-]*(\[\d+\])*)*$/;
export const setKeySchema = z.string().max(256).regex(SET_KEY, "a value key is a dotted path");

// A --set value: any printable text; helm's own separators are escaped when argv is built.
// eslint-style control characters would let a value masquerade as something else in logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: we are looking for exactly these
const CONTROL = /[\u0000-\u001f\u007f]/;
export const setValueSchema = z.union([
  z.number().finite(),
  z.boolean(),
  z
    .string()
    .max(1024)
    .refine((v) => !CONTROL.test(v), "a value cannot contain control characters"),
]);

export const revisionSchema = z.number().int().positive();

export function isReleaseName(value: string): boolean {
  return releaseNameSchema.safeParse(value).success;
}

export function isNamespace(value: string): boolean {
  return namespaceSchema.safeParse(value).success;
}
