// `wheelhouse diagnose [--json] RELEASE -n NAMESPACE` and `wheelhouse diagnose --snapshot FILE`:
// why a release is broken and the one thing to do about it; nothing runs. --save-snapshot FILE
// also writes what was read (redacted) so the diagnosis can be reproduced offline.
// Exit 0 with a diagnosis, 3 when there is no such release, 2 for bad usage or a bad file.
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Config } from "../config/config.ts";
import { describeDiagnosis } from "../diagnose/describe-diagnosis.ts";
import { diagnoseSnapshot } from "../diagnose/diagnose-snapshot.ts";
import { redactSnapshot } from "../diagnose/redact-snapshot.ts";
import {
  type DiagnosisExplainer,
  diagnoseRelease,
  explainDiagnosis,
} from "../gather/diagnose-release.ts";
import { diagnosisExplainerFromConfig } from "../gemini/diagnosis-explainer-from-config.ts";
import { withApiReads } from "../kube/api-backed-reader.ts";
import { createContainerLogReader } from "../kube/create-container-log-reader.ts";
import { KubectlClient } from "../kube/kubectl-client.ts";
import { type Diagnosis, toDiagnosisJson } from "../model/diagnosis.ts";
import { namespaceSchema, releaseNameSchema } from "../model/names.ts";
import type { ReleaseRef } from "../model/release.ts";
import { type ReleaseSnapshot, releaseSnapshotSchema } from "../model/release-snapshot.ts";
import { createHelmFromConfig, defaultBinary } from "./create-helm-from-config.ts";

export interface DiagnoseCommandDeps {
  // Reads the live release (the snapshot comes back too, for --save-snapshot).
  diagnose: (release: ReleaseRef) => Promise<{ diagnosis: Diagnosis; snapshot: ReleaseSnapshot }>;
  explain?: DiagnosisExplainer;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const DIAGNOSE_USAGE = `usage: wheelhouse diagnose [--json] [--save-snapshot FILE] RELEASE -n NAMESPACE
       wheelhouse diagnose [--json] --snapshot FILE

  --json                print { release, status, findings, recommendation }
  --snapshot FILE       diagnose a saved snapshot (docs/diagnosis-snapshot.md) instead of the cluster
  --save-snapshot FILE  also write what was read, redacted, for an offline diagnosis`;

function readArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      namespace: { type: "string", short: "n" },
      snapshot: { type: "string" },
      "save-snapshot": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

async function fromFile(path: string, deps: DiagnoseCommandDeps): Promise<Diagnosis | string> {
  let data: unknown;
  try {
    data = JSON.parse(await deps.readFile(path));
  } catch (error) {
    return `cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = releaseSnapshotSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return `${path} is not a release snapshot: ${first ? `${first.path.join(".") || "(top)"}: ${first.message}` : "invalid"}`;
  }
  return explainDiagnosis(diagnoseSnapshot(parsed.data), deps.explain);
}

export async function diagnoseCommand(args: string[], deps: DiagnoseCommandDeps): Promise<number> {
  let parsed: ReturnType<typeof readArgs>;
  try {
    parsed = readArgs(args);
  } catch (error) {
    deps.stderr(
      `wheelhouse diagnose: ${error instanceof Error ? error.message : String(error)}\n\n${DIAGNOSE_USAGE}`,
    );
    return 2;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    deps.stdout(DIAGNOSE_USAGE);
    return 0;
  }
  let diagnosis: Diagnosis;
  if (flags.snapshot !== undefined) {
    if (positionals.length > 0 || flags["save-snapshot"] !== undefined) {
      deps.stderr(`wheelhouse diagnose: --snapshot takes no release\n\n${DIAGNOSE_USAGE}`);
      return 2;
    }
    const result = await fromFile(flags.snapshot, deps);
    if (typeof result === "string") {
      deps.stderr(`wheelhouse diagnose: ${result}`);
      return 2;
    }
    diagnosis = result;
  } else {
    const name = releaseNameSchema.safeParse(positionals[0] ?? "");
    const namespace = namespaceSchema.safeParse(flags.namespace ?? "");
    if (!name.success || !namespace.success || positionals.length !== 1) {
      deps.stderr(DIAGNOSE_USAGE);
      return 2;
    }
    const live = await deps.diagnose({ name: name.data, namespace: namespace.data });
    diagnosis = live.diagnosis;
    const save = flags["save-snapshot"];
    if (save !== undefined) {
      await deps.writeFile(save, `${JSON.stringify(redactSnapshot(live.snapshot), null, 2)}\n`);
    }
  }
  deps.stdout(
    flags.json
      ? JSON.stringify(toDiagnosisJson(diagnosis), null, 2)
      : describeDiagnosis(diagnosis).join("\n"),
  );
  return diagnosis.status === "not-found" ? 3 : 0;
}

// The command as the environment configures it: helm, kubectl, and Gemini when
// GEMINI_API_KEY is set.
export async function diagnoseCommandFromConfig(
  args: string[],
  config: Config,
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  const kubectl = {
    bin: config.KUBECTL_BIN ?? defaultBinary("kubectl"),
    ...(config.KUBECONFIG ? { kubeconfig: config.KUBECONFIG } : {}),
  };
  const explain = await diagnosisExplainerFromConfig(config);
  const onExplanationError = (error: unknown) =>
    io.stderr(
      `wheelhouse diagnose: no explanation (${error instanceof Error ? error.message : String(error)})`,
    );
  return diagnoseCommand(args, {
    diagnose: async (release) =>
      diagnoseRelease(
        {
          helm: await createHelmFromConfig(config),
          kube: withApiReads(new KubectlClient(kubectl), kubectl),
          logs: createContainerLogReader(kubectl),
          ...(explain ? { explain } : {}),
          onExplanationError,
        },
        release,
      ),
    ...(explain ? { explain } : {}),
    readFile: (path) => readFile(path, "utf8"),
    writeFile: (path, text) => writeFile(path, text, { mode: 0o600 }),
    ...io,
  });
}
