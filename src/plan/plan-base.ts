// What every plan shares, and the digest of its argv and the revision it was made against.
import { changeLimits } from "../model/change-limits.ts";
import type { ReleaseRef } from "../model/release.ts";
import { digestPlan } from "./digest-plan.ts";
import type {
  DryRun,
  PlanBase,
  PlannedCommand,
  Recovery,
  ReleaseState,
  Risk,
} from "./plan-types.ts";

export interface PlanBaseInput {
  now: Date;
  release: ReleaseRef;
  state: ReleaseState;
  command: PlannedCommand;
  dryRun: DryRun;
  risk: Risk;
  warnings: string[];
  recovery?: Recovery | null;
}

export function planBase(input: PlanBaseInput): PlanBase {
  const { state, command } = input;
  return {
    kind: "plan",
    createdAt: input.now.toISOString(),
    release: state,
    command,
    dryRun: input.dryRun,
    risk: input.risk,
    warnings: input.warnings,
    recovery: input.recovery ?? null,
    digest: digestPlan({ release: input.release, revision: state.revision, argv: command.argv }),
    limits: changeLimits(command.operation),
  };
}

// What the server said of a dry run helm ran against it (upgrade, set-values, helm 4 rollback).
export function serverDryRun(outcome: {
  summary: string;
  apiServerAccepted: number | null;
  apiServerUnchanged?: number;
}): DryRun {
  const unchanged = outcome.apiServerUnchanged ?? 0;
  return {
    mode: "server",
    summary: outcome.summary,
    apiServerAccepted: outcome.apiServerAccepted,
    ...(unchanged > 0 ? { apiServerUnchanged: unchanged } : {}),
  };
}
