// The explicit, permissive policy tests pass when the policy is not what they test (the built-in
// default refuses every change): every channel reads and changes every namespace but
// kube-system; anyone but the requester approves; kube-system, prod* and production* protected.
import { POLICY_OPERATIONS, type Policy } from "../../src/policy/policy-schema.ts";

export const OPEN_POLICY: Policy = {
  channels: {
    "*": {
      namespaces: ["*"],
      mutationNamespaces: ["*", "!kube-system"],
      operations: [...POLICY_OPERATIONS],
      readOnly: false,
      approvers: { users: [], groups: [] },
      allowSelfApproval: false,
    },
  },
  protectedNamespaces: ["kube-system", "prod*", "production*"],
  planTtlMinutes: 60,
};
