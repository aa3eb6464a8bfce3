// Shared by the plan integration tests: intents written out, the kube client the product builds
// for the test cluster, and the one secret no plan may ever contain.
import { createKubeClient } from "../../../src/kube/create-kube-client.ts";
import type { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { emptyIntent, type Intent, type Operation } from "../../../src/model/intent.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

// The webapp chart's default password (test/fixtures/charts/webapp-*/values.yaml).
export const CHART_SECRET = "s3cr3t-default";

export function intent(
  operation: Operation,
  name: string,
  namespace: string,
  fields: Partial<Intent> = {},
): Intent {
  return { ...emptyIntent(operation), release: { name, namespace }, ...fields };
}

export function testKube(kubeconfig = env.kubeconfig): KubectlClient {
  return createKubeClient({ bin: env.kubectlBin, kubeconfig });
}
