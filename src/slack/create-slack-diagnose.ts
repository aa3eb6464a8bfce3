// The diagnosis the Slack app runs, for a request in a channel and for alert and watcher threads
// alike: the release's snapshot read by the app's helm, kubectl and log reader, the rules, and
// the model's explanation when one is configured (its failures only logged).
import { createDiagnose, type DiagnosisExplainer } from "../gather/diagnose-release.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ContainerLogReader } from "../kube/kubectl-logs.ts";
import type { DiagnoseRelease } from "../model/diagnosis.ts";
import type { Log } from "../observe/log.ts";
import type { SlackHelm } from "./slack-deps.ts";

export interface SlackDiagnoseDeps {
  helm: SlackHelm;
  kube: KubeReader;
  logs?: ContainerLogReader;
  explain?: DiagnosisExplainer;
  log: Log;
  now: () => Date;
}

// Without a log reader the diagnosis says the logs could not be read.
const NO_LOGS: ContainerLogReader = {
  tail: () => Promise.reject(new Error("no log reader configured")),
};

export function createSlackDiagnose(d: SlackDiagnoseDeps): DiagnoseRelease {
  return createDiagnose({
    helm: d.helm,
    kube: d.kube,
    logs: d.logs ?? NO_LOGS,
    now: d.now,
    ...(d.explain ? { explain: d.explain } : {}),
    onExplanationError: (error) =>
      d.log("warn", "the model's explanation was left out", {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
}
