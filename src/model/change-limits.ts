// How long a change may take, from one number: the plan's helm --timeout. helm applies it to
// each wait of a change (the pre hooks, the resources under --wait, the post hooks), so the
// process deadline allows every wait plus a margin and is never shorter than helm's own; the
// worker's validation waits up to one timeout more. Pure: the plan shows these, helm/ and exec/
// apply them, and the chart's terminationGracePeriodSeconds repeats longestJobSeconds.

// helm's own default --timeout (5m0s), used when an operation names none.
export const DEFAULT_CHANGE_TIMEOUT_SECONDS = 300;
// For what happens outside helm's waits: rendering, API calls, writing the release record.
export const DEADLINE_MARGIN_SECONDS = 30;

export interface ChangeTiming {
  timeoutSeconds?: number | undefined;
  wait?: boolean | undefined;
}

export interface ChangeLimits {
  // helm --timeout: bounds each wait of the change (every hook, then the resources with --wait).
  timeoutSeconds: number;
  // --wait: helm waits for the resources itself; otherwise Wheelhouse's validation does.
  wait: boolean;
  // When the worker stops helm that has not finished: every wait, plus the margin.
  deadlineSeconds: number;
}

function timeoutOf(timing: ChangeTiming): number {
  return timing.timeoutSeconds ?? DEFAULT_CHANGE_TIMEOUT_SECONDS;
}

// Pre hooks and post hooks always; the resources too under --wait.
function waitsOf(timing: ChangeTiming): number {
  return timing.wait ? 3 : 2;
}

export function helmDeadlineSeconds(timing: ChangeTiming): number {
  return timeoutOf(timing) * waitsOf(timing) + DEADLINE_MARGIN_SECONDS;
}

export function changeLimits(timing: ChangeTiming): ChangeLimits {
  return {
    timeoutSeconds: timeoutOf(timing),
    wait: timing.wait ?? false,
    deadlineSeconds: helmDeadlineSeconds(timing),
  };
}

// How long Wheelhouse's own rollout check waits after helm returned.
export function validationSeconds(timing: ChangeTiming): number {
  return timeoutOf(timing);
}

// A whole job: helm to its deadline, the validation, and the report. A worker asked to stop
// finishes its jobs first, so this is the shutdown grace a worker pod needs.
export function longestJobSeconds(timing: ChangeTiming): number {
  return helmDeadlineSeconds(timing) + validationSeconds(timing) + DEADLINE_MARGIN_SECONDS;
}
