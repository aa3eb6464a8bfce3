// The policy when WHEELHOUSE_POLICY is unset: every channel may read everything; changes are
// allowed in every namespace but kube-system; any member of the channel may approve, except the
// person who asked; kube-system and prod*/production* are protected; plans live 60 minutes.
import { CHANNEL_DEFAULTS, type Policy } from "./policy-schema.ts";

export const DEFAULT_POLICY: Policy = {
  channels: {
    "*": {
      namespaces: [...CHANNEL_DEFAULTS.namespaces],
      mutationNamespaces: [...CHANNEL_DEFAULTS.mutationNamespaces],
      operations: [...CHANNEL_DEFAULTS.operations],
      readOnly: false,
      approvers: { users: [], groups: [] },
      allowSelfApproval: false,
    },
  },
  protectedNamespaces: ["kube-system", "prod*", "production*"],
  planTtlMinutes: 60,
};
