// Where the real parts live for tests: the binaries unpacked by scripts/tools.sh and the
// cluster started by scripts/cluster/up.sh. Paths only; require-environment.ts checks them.
import { homedir } from "node:os";
import { join } from "node:path";

const cache = process.env.WHEELHOUSE_CACHE ?? join(homedir(), ".cache", "wheelhouse");
const state = process.env.WHEELHOUSE_STATE ?? join(cache, "state");

export const testEnvironment = {
  helm4Bin: process.env.HELM_BIN ?? join(cache, "bin", "helm"),
  helm3Bin: process.env.HELM3_BIN ?? join(cache, "bin", "helm3"),
  kubectlBin: process.env.KUBECTL_BIN ?? join(cache, "bin", "kubectl"),
  kubeconfig: process.env.WHEELHOUSE_TEST_KUBECONFIG ?? join(state, "cluster", "kubeconfig"),
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  chartsDir: join(import.meta.dirname, "..", "fixtures", "charts"),
};
