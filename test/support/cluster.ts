// Namespaces on the real test cluster: each test file works in its own and removes it after.
import { randomBytes } from "node:crypto";
import { execa } from "execa";
import { testEnvironment as env } from "./test-environment.ts";

export function kubectl(args: string[], options: { reject?: boolean } = {}) {
  return execa(env.kubectlBin, ["--kubeconfig", env.kubeconfig, ...args], {
    reject: options.reject ?? true,
    timeout: 60_000,
  });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

export async function createNamespace(prefix = "wh"): Promise<string> {
  const name = uniqueName(prefix);
  await kubectl(["create", "namespace", name]);
  return name;
}

export async function deleteNamespace(name: string): Promise<void> {
  // Not waiting: the namespace controller finishes in the background; names never repeat.
  await kubectl(["delete", "namespace", name, "--wait=false", "--ignore-not-found"]);
}
