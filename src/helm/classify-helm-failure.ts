// Turns a failed helm run into the error a person can act on. Pure, so every branch is
// unit-tested with helm's real messages; the order matters (most specific first).
import {
  HelmChartNotFoundError,
  HelmClusterUnreachableError,
  HelmCommandFailedError,
  HelmDryRunFailedError,
  type HelmError,
  type HelmErrorContext,
  HelmOperationInProgressError,
  HelmReleaseNotFoundError,
  HelmTimeoutError,
} from "../model/helm-errors.ts";

export interface FailedRun extends HelmErrorContext {
  stderr: string;
  dryRun: boolean;
}

const IN_PROGRESS = /another operation \(install\/upgrade\/rollback\) is in progress/i;
const NOT_FOUND =
  /release: not found|release not loaded|has no deployed releases|no revision for release/i;
const UNREACHABLE =
  /kubernetes cluster unreachable|connection refused|no such host|i\/o timeout|unable to connect to the server|the server could not find the requested resource \(get|tls: failed to verify/i;
const TIMEOUT =
  /context deadline exceeded|timed out waiting for the condition|client rate limiter wait returned an error/i;
const CHART_NOT_FOUND =
  /chart "[^"]*"( version "[^"]*")? not found|no chart version found|no chart name found|repo .* not found|failed to fetch .* 404|not found in .* repository|no cached repo found|path "[^"]*" not found/i;
const REJECTED =
  /admission webhook|is invalid|is forbidden|failed to create|unable to build kubernetes objects|execution error at|parse error at|error validating|chart requires kubeVersion|cannot patch|field is immutable|unknown field|schema\(s\) don't meet/i;

export function classifyHelmFailure(run: FailedRun): HelmError {
  const { stderr } = run;
  if (IN_PROGRESS.test(stderr)) return new HelmOperationInProgressError(run);
  if (UNREACHABLE.test(stderr)) return new HelmClusterUnreachableError(run);
  if (CHART_NOT_FOUND.test(stderr)) return new HelmChartNotFoundError(run);
  if (NOT_FOUND.test(stderr)) return new HelmReleaseNotFoundError(run);
  if (TIMEOUT.test(stderr)) return new HelmTimeoutError(undefined, run);
  // A dry run exists to be rejected; outside one, the same messages mean validation failed.
  if (run.dryRun || REJECTED.test(stderr)) return new HelmDryRunFailedError(run);
  return new HelmCommandFailedError(run);
}
