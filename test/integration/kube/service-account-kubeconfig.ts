// Kubeconfigs that authenticate with a bearer token on the real cluster: a ServiceAccount's
// token (kubectl create token), given inline or in a file, for the API log reader's tests.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { kubectl } from "../../support/cluster.ts";

// A ServiceAccount bound to an existing Role of the namespace (none: no rights at all).
export async function serviceAccountToken(
  namespace: string,
  name: string,
  role: string | null,
): Promise<string> {
  await kubectl(["create", "serviceaccount", name, "-n", namespace]);
  if (role !== null) {
    await kubectl([
      ...["create", "rolebinding", name, "-n", namespace, `--role=${role}`],
      `--serviceaccount=${namespace}:${name}`,
    ]);
  }
  const { stdout } = await kubectl(["create", "token", name, "-n", namespace, "--duration=1h"]);
  return stdout.trim();
}

async function clusterOf(): Promise<{ server: string; ca: string }> {
  const view = (path: string) =>
    kubectl(["config", "view", "--raw", "--minify", "-o", `jsonpath={${path}}`]);
  const server = (await view(".clusters[0].cluster.server")).stdout;
  const ca = (await view(".clusters[0].cluster.certificate-authority-data")).stdout;
  return { server, ca };
}

// user: { token } or { tokenFile }; server: another address, e.g. a port nothing listens on.
export async function tokenKubeconfig(
  dir: string,
  name: string,
  user: { token: string } | { tokenFile: string },
  server?: string,
): Promise<string> {
  const cluster = await clusterOf();
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "test",
        cluster: {
          server: server ?? cluster.server,
          "certificate-authority-data": cluster.ca,
        },
      },
    ],
    users: [{ name: "reader", user }],
    contexts: [{ name: "test", context: { cluster: "test", user: "reader" } }],
    "current-context": "test",
  };
  const file = join(dir, `${name}.kubeconfig`);
  await writeFile(file, stringify(config), { mode: 0o600 });
  return file;
}
