// One release as the diagnosis rules see it: helm's status and history, a few revisions'
// values and manifests, the live objects (as `kubectl get -o json` prints them), Warning events
// and crashed containers' log tails. Gathered by src/gather/, read back by `diagnose --snapshot`
// (docs/diagnosis-snapshot.md documents the format), so this is one zod schema.
import { z } from "zod";
import { namespaceSchema, releaseNameSchema } from "./names.ts";
import { helmStatusSchema } from "./release.ts";

export const SNAPSHOT_FORMAT = "wheelhouse.release-snapshot/v1";

const kubeJsonSchema = z.record(z.string(), z.unknown());

export const hookSnapshotSchema = z.object({
  name: z.string(),
  kind: z.string(),
  // helm's hook events: "pre-upgrade", "post-install", …
  events: z.array(z.string()).default([]),
  // "Succeeded", "Failed", "Running", "Unknown"; null when the hook never ran.
  phase: z.string().nullable().default(null),
  startedAt: z.string().nullable().default(null),
  completedAt: z.string().nullable().default(null),
  // "before-hook-creation", "hook-succeeded", "hook-failed" (the helm.sh/hook-delete-policy).
  deletePolicies: z.array(z.string()).default([]),
});
export type HookSnapshot = z.infer<typeof hookSnapshotSchema>;

export const snapshotStatusSchema = z.object({
  revision: z.number().int().positive(),
  status: helmStatusSchema,
  description: z.string().default(""),
  // "web-1.2.0", as helm history prints it.
  chart: z.string(),
  appVersion: z.string().default(""),
  firstDeployed: z.string().nullable().default(null),
  lastDeployed: z.string().nullable().default(null),
  hooks: z.array(hookSnapshotSchema).default([]),
});
export type SnapshotStatus = z.infer<typeof snapshotStatusSchema>;

export const snapshotHistoryEntrySchema = z.object({
  revision: z.number().int().positive(),
  updated: z.string(),
  status: helmStatusSchema,
  chart: z.string(),
  appVersion: z.string().default(""),
  description: z.string().default(""),
});
export type SnapshotHistoryEntry = z.infer<typeof snapshotHistoryEntrySchema>;

export const revisionSnapshotSchema = z.object({
  revision: z.number().int().positive(),
  // The user-supplied values (`helm get values`); secret-looking leaves may be pseudonymised
  // ("REDACTED#1"): equal tokens mean equal values, the content is never kept in a file.
  values: z.record(z.string(), z.unknown()).default({}),
  // `helm get manifest`: multi-document YAML.
  manifest: z.string().default(""),
});
export type RevisionSnapshot = z.infer<typeof revisionSnapshotSchema>;

export const snapshotLogSchema = z.object({
  pod: z.string(),
  container: z.string(),
  // The previous (crashed) instance's log, not the current one's.
  previous: z.boolean().default(false),
  text: z.string(),
});
export type SnapshotLog = z.infer<typeof snapshotLogSchema>;

export const snapshotReadErrorSchema = z.object({
  // Which read failed: "helm history", "pods", "logs web-1/app", …
  read: z.string(),
  code: z.string(),
  message: z.string(),
});
export type SnapshotReadError = z.infer<typeof snapshotReadErrorSchema>;

export const releaseSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  // When it was taken: every age in the diagnosis is measured from here.
  takenAt: z.string(),
  release: z.object({ name: releaseNameSchema, namespace: namespaceSchema }),
  // null: helm has no such release.
  status: snapshotStatusSchema.nullable(),
  // Oldest first, as `helm history` prints it.
  history: z.array(snapshotHistoryEntrySchema).default([]),
  // The current revision and a few before it, newest first.
  revisions: z.array(revisionSnapshotSchema).default([]),
  // Live Deployments, StatefulSets and DaemonSets of the current manifest.
  workloads: z.array(kubeJsonSchema).default([]),
  // Their pods, and the hook Jobs' pods.
  pods: z.array(kubeJsonSchema).default([]),
  // The release's hook Jobs still in the cluster.
  jobs: z.array(kubeJsonSchema).default([]),
  // Warning events of the namespace.
  events: z.array(kubeJsonSchema).default([]),
  logs: z.array(snapshotLogSchema).default([]),
  // Reads that failed: the diagnosis says what it could not see.
  readErrors: z.array(snapshotReadErrorSchema).default([]),
});
export type ReleaseSnapshot = z.infer<typeof releaseSnapshotSchema>;
