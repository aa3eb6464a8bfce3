// The plan key tests sign and verify with. Fixed, so a worker a test starts in a process of its
// own verifies what the test's store signed; not a secret of any deployment.
import { createPlanSigner, type PlanSigner } from "../../src/plan/create-plan-signer.ts";

export const TEST_PLAN_KEY = "wheelhouse-test-plan-key-not-a-secret-0123456789";

export function testPlanSigner(): PlanSigner {
  return createPlanSigner(TEST_PLAN_KEY);
}
