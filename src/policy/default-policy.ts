// The policy when WHEELHOUSE_POLICY is unset. It fails closed: every channel may read every
// namespace, and nothing may be changed or approved anywhere; refusals say how to allow changes.
import { type Policy, READ_OPERATIONS } from "./policy-schema.ts";

export const DEFAULT_POLICY: Policy = {
  channels: {
    "*": {
      namespaces: ["*"],
      mutationNamespaces: [],
      operations: [...READ_OPERATIONS],
      readOnly: true,
      approvers: { users: [], groups: [] },
      allowSelfApproval: false,
    },
  },
  protectedNamespaces: ["kube-system", "prod*", "production*"],
  planTtlMinutes: 60,
  builtIn: true,
};

// Why a change is refused when no policy file is configured, and what to do about it.
export function noPolicyReason(operation: string): string {
  return (
    `No approval policy is configured, so Wheelhouse only answers reads here: the ${operation} is refused. ` +
    "To allow changes, write a policy file (start from policy.example.yaml in the Wheelhouse repository) " +
    "that names the channels, namespaces, operations and approvers, and set WHEELHOUSE_POLICY to its path."
  );
}
