// Who the API server is asked to act as (impersonation): the Kubernetes user and groups a Slack
// person maps to in the policy. Dry-runs run as the requester, executions as the approver, so the
// cluster's own RBAC decides. Shared by policy/ (the mapping), plan/ (what the plan shows) and the
// helm and kubectl adapters (the flags).
import { z } from "zod";

// Kubernetes user and group names are free strings; these are the ones identity providers and
// service accounts use ("alice@example.com", "system:serviceaccount:ns:sa", "oidc:team-shop").
// The first character is never '-': nothing here may become a flag.
export const kubeSubjectSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@:+=/-]{0,252}$/,
    "a Kubernetes user or group is letters, digits and . _ @ : + = / -, not starting with '-'",
  );

export const kubeIdentitySchema = z.strictObject({
  user: kubeSubjectSchema,
  groups: z.array(kubeSubjectSchema).default([]),
});
export type KubeIdentity = z.infer<typeof kubeIdentitySchema>;

// What a plan records of the identity its dry-run used (and a decision, the one its run uses):
// null identity is Wheelhouse's own.
export const runIdentitySchema = z.object({
  identity: kubeIdentitySchema.nullable(),
  // Why: "as alice (groups team-shop), mapped from the Slack user U…", "… no identity mapping".
  note: z.string(),
});
export type RunIdentity = z.infer<typeof runIdentitySchema>;
