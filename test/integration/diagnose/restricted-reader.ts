// A kubeconfig for a user with less than the snapshot's one-round reads need, on the real
// cluster's RBAC (impersonated by the test admin): what a diagnosis does when it may read
// objects one by one but may not list the namespace in one call or read helm's records.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { testEnvironment as env } from "../../support/test-environment.ts";

// A user who may get and list pods, events and workloads, get Jobs by name, and nothing else:
// no listing of Jobs (so no listing of the namespace in one call) and no Secrets.
export async function restrictedKubeconfig(
  kubeconfig: string,
  namespace: string,
  dir: string,
): Promise<string> {
  const user = `diag-reader-${namespace}`;
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: user, namespace },
    rules: [
      { apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list"] },
      { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
      {
        apiGroups: ["apps"],
        resources: ["deployments", "statefulsets", "daemonsets"],
        verbs: ["get", "list"],
      },
      { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get"] },
    ],
  };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: user, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: user },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
  };
  const file = join(dir, "objects.json");
  await writeFile(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [role, binding] }));
  const kubectl = (args: string[]) =>
    execa(env.kubectlBin, ["--kubeconfig", kubeconfig, ...args], { timeout: 60_000 });
  await kubectl(["apply", "-f", file]);
  const { stdout } = await kubectl(["config", "view", "--raw", "-o", "json"]);
  const config = JSON.parse(stdout) as { users: { user: Record<string, unknown> }[] };
  for (const entry of config.users) entry.user.as = user;
  const restricted = join(dir, "kubeconfig");
  await writeFile(restricted, JSON.stringify(config), { mode: 0o600 });
  return restricted;
}
