// The approval policy file (YAML or JSON): per Slack channel, which namespaces and operations
// Wheelhouse serves, who approves changes, and whether a requester may approve their own plan.
// Every option's default is written beside it; a channel entry inherits what it leaves out from
// the "*" entry, and the "*" entry from CHANNEL_DEFAULTS.
import { z } from "zod";
import { kubeIdentitySchema, kubeSubjectSchema } from "../model/kube-identity.ts";

// The operations a channel may be allowed; "help" and "unknown" are always answered.
export const POLICY_OPERATIONS = [
  "list",
  "status",
  "history",
  "values",
  "manifest",
  "diagnose",
  "upgrade",
  "rollback",
  "uninstall",
  "set-values",
] as const;
export type PolicyOperation = (typeof POLICY_OPERATIONS)[number];

// The operations that only read.
export const READ_OPERATIONS = [
  "list",
  "status",
  "history",
  "values",
  "manifest",
  "diagnose",
] as const satisfies readonly PolicyOperation[];

export const MUTATION_OPERATIONS: ReadonlySet<string> = new Set([
  "upgrade",
  "rollback",
  "uninstall",
  "set-values",
]);

// "team-*", "prod?", "*"; a leading "!" excludes ("!kube-system").
export const namespaceGlobSchema = z
  .string()
  .regex(
    /^!?[a-z0-9*?]([-a-z0-9*?]{0,62})$/,
    "a namespace pattern is lowercase letters, digits, '-', '*' and '?', optionally after '!'",
  );

// Slack ids: channels C…/G… (private)/D… (direct messages), users U…/W…, user groups S….
const channelKeySchema = z.union([
  z.literal("*"),
  z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'a channel is a Slack channel id (C0123ABCD) or "*"'),
]);
const userIdSchema = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/, "a user is a Slack user id (U0123ABCD)");
const groupIdSchema = z
  .string()
  .regex(/^S[A-Z0-9]{2,}$/, "a group is a Slack user-group id (S0123ABCD)");

export const channelRuleSchema = z.strictObject({
  // Namespaces this channel may look at and change. Default ["*"].
  namespaces: z.array(namespaceGlobSchema).optional(),
  // Of those, the namespaces where changes may be planned and approved (both lists must match).
  // Default ["*", "!kube-system"].
  mutationNamespaces: z.array(namespaceGlobSchema).optional(),
  // Operations the channel may ask for. Default: the reads only; changes are granted by naming
  // them, so an empty or partial file fails closed like no file at all.
  operations: z.array(z.enum(POLICY_OPERATIONS)).optional(),
  // No changes at all from this channel, whatever `operations` says. Default false.
  readOnly: z.boolean().optional(),
  // Who may approve. Both lists empty means any member of the channel. Default both empty.
  approvers: z
    .strictObject({
      users: z.array(userIdSchema).default([]),
      groups: z.array(groupIdSchema).default([]),
    })
    .optional(),
  // May the requester approve their own plan? Never in protectedNamespaces. Default false.
  allowSelfApproval: z.boolean().optional(),
});
export type ChannelRule = z.infer<typeof channelRuleSchema>;

export const policySchema = z.strictObject({
  // Keyed by Slack channel id; "*" applies to every channel without its own entry and fills
  // in the fields a channel entry leaves out. A channel with neither gets no answers at all.
  // Default { "*": {} } (the CHANNEL_DEFAULTS everywhere).
  channels: z.record(channelKeySchema, channelRuleSchema).default({ "*": {} }),
  // Namespaces where nobody may approve their own plan, whatever the channel says.
  // Default ["kube-system", "prod*", "production*"]; [] protects none.
  protectedNamespaces: z
    .array(
      namespaceGlobSchema.refine((p) => !p.startsWith("!"), "protected namespaces cannot use '!'"),
    )
    .default(["kube-system", "prod*", "production*"]),
  // How long a plan waits for approval before it expires. Default 60.
  planTtlMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  // How approved changes run. timeoutSeconds: helm --timeout of every change (default
  // WHEELHOUSE_CHANGE_TIMEOUT_SECONDS, itself 300); the worker's deadlines and the chart's
  // shutdown grace derive from it. wait: helm --wait, helm waiting for the resources itself
  // (default false: Wheelhouse's validation waits and stops early on crash loops). Both are
  // shown in every plan.
  execution: z
    .strictObject({
      timeoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(24 * 3600)
        .optional(),
      wait: z.boolean().optional(),
    })
    .optional(),
  // Releases a GitOps controller manages (Flux HelmRelease labels, Argo CD tracking label or
  // annotation on their objects): "warn" plans the change with a warning that the controller
  // will revert it and what to do instead; "refuse" plans nothing. Default "warn".
  gitOpsOwned: z.enum(["warn", "refuse"]).optional(),
  // Who the API server sees for each person (impersonation): dry-runs run as the requester and
  // executions as the approver, so the cluster's RBAC decides. users: Slack user id -> Kubernetes
  // user and groups; groups: Slack user-group id -> Kubernetes groups (a member with no user
  // mapping is the user "slack:<Slack user id>"). A person neither covers runs as Wheelhouse's own
  // identity, and the plan says so. Default: none (everything runs as Wheelhouse).
  identities: z
    .strictObject({
      users: z.record(userIdSchema, kubeIdentitySchema).default({}),
      groups: z
        .record(groupIdSchema, z.strictObject({ groups: z.array(kubeSubjectSchema).min(1) }))
        .default({}),
    })
    .optional(),
  // Where Alertmanager and release-watcher threads go: the first route whose namespaces match
  // the alert's (or release's) namespace. The channel must also be allowed to read that
  // namespace under `channels`, or nothing is posted. Default: none (alerts are only logged).
  alertRoutes: z
    .array(
      z.strictObject({
        channel: z
          .string()
          .regex(/^[CG][A-Z0-9]{2,}$/, "an alert channel is a Slack channel id (C0123ABCD)"),
        // Default ["*"].
        namespaces: z.array(namespaceGlobSchema).default(["*"]),
      }),
    )
    .optional(),
});
// builtIn: no file is configured and this is DEFAULT_POLICY (a file cannot set it: strict schema).
export type Policy = z.infer<typeof policySchema> & { builtIn?: true };

// A channel's rule with every field decided.
export interface ResolvedChannelRule {
  namespaces: string[];
  mutationNamespaces: string[];
  operations: PolicyOperation[];
  readOnly: boolean;
  approvers: { users: string[]; groups: string[] };
  allowSelfApproval: boolean;
}

export const CHANNEL_DEFAULTS: ResolvedChannelRule = {
  namespaces: ["*"],
  mutationNamespaces: ["*", "!kube-system"],
  operations: [...READ_OPERATIONS],
  readOnly: false,
  approvers: { users: [], groups: [] },
  allowSelfApproval: false,
};
