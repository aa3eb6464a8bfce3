// The upgrade command a plan proposes, built the same way by gather (to dry-run it) and by the
// planner (to show it), so what was dry-run is exactly what runs.
import type { MutatingHelmOperation, SetValue } from "../model/helm-operation.ts";
import type { ReleaseRef } from "../model/release.ts";
import { canonicalJson } from "./canonical-json.ts";
import type { PlannedValuesStrategy } from "./choose-values-strategy.ts";
import type { DryRunOutcome, Execution } from "./plan-inputs.ts";
import { asDryRun } from "./planned-command.ts";

export function upgradeOperation(input: {
  release: ReleaseRef;
  chartRef: string;
  version: string;
  strategy: PlannedValuesStrategy;
  set?: Record<string, SetValue>;
  execution: Execution;
  // An OCI registry's CA bundle (--ca-file), when one is configured.
  caFile?: string | undefined;
}): MutatingHelmOperation {
  return {
    kind: "upgrade",
    release: { name: input.release.name, namespace: input.release.namespace },
    chart: input.chartRef,
    version: input.version,
    ...(input.caFile ? { caFile: input.caFile } : {}),
    valuesStrategy: input.strategy,
    ...(input.set && Object.keys(input.set).length > 0 ? { set: input.set } : {}),
    ...(input.execution.wait ? { wait: true } : {}),
    timeoutSeconds: input.execution.timeoutSeconds,
  };
}

// A mismatch is a bug in gathering, never something to show a person: refuse loudly.
export function assertDryRunOf(dryRun: DryRunOutcome, operation: MutatingHelmOperation): void {
  if (canonicalJson(dryRun.operation) !== canonicalJson(asDryRun(operation))) {
    throw new Error(
      `the dry-run was made for another command than the plan's: ${canonicalJson(dryRun.operation)} vs ${canonicalJson(operation)}`,
    );
  }
}
