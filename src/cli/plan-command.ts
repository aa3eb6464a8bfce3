// `wheelhouse plan [--json] [--keep-history] [--chart oci://…] "<text>"`: the plan a message asks
// for, made against the live cluster; nothing runs and nothing is queued. Exit 0 with a plan,
// 3 when nothing can be planned (the refusal says why), 2 for bad usage.
import { parseArgs } from "node:util";
import type { Config } from "../config/config.ts";
import type { ChartSourceDeps } from "../gather/gather-chart-versions.ts";
import { makePlan } from "../gather/make-plan.ts";
import type { PlanHelm } from "../gather/plan-helm.ts";
import { intentModelFromConfig } from "../gemini/intent-model-from-config.ts";
import { analyzeIntent, type IntentLogEntry } from "../intent/analyze-intent.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import { KubectlClient } from "../kube/kubectl-client.ts";
import type { Intent } from "../model/intent.ts";
import type { Inventory } from "../model/release.ts";
import { describePlan } from "../plan/describe-plan.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import { redactArgv } from "../plan/planned-command.ts";
import { codedErrorInfo, refusalFromError } from "../plan/refuse.ts";
import { loadPolicy } from "../policy/load-policy.ts";
import { resolveExecution } from "../policy/resolve-execution.ts";
import { createChartSources } from "./create-chart-sources.ts";
import { createHelmFromConfig, defaultBinary } from "./create-helm-from-config.ts";

// HelmClient: what planning calls, and one `helm list` for the whole request.
export type PlanCommandHelm = PlanHelm & { list(): Promise<Inventory> };

export interface PlanCommandDeps {
  helm: () => Promise<PlanCommandHelm>;
  // Where charts come from (configured rules, index refresh, OCI tags); none: search only.
  sources?: () => Promise<ChartSourceDeps>;
  kube: () => KubeReader;
  // How the change would run (--timeout, --wait): the policy over the configured default.
  execution?: () => Promise<Execution>;
  analyze: (text: string, inventory: Inventory) => Promise<Intent>;
  now: () => Date;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const PLAN_USAGE = `usage: wheelhouse plan [--json] [--keep-history] [--chart oci://REF] "<text>"

  --json          print the plan (or the refusal) as JSON
  --keep-history  uninstall: keep the release record so it can be rolled back
  --chart REF     upgrade: an oci:// chart reference (OCI registries cannot be searched)`;

interface PlanArgs {
  json: boolean;
  keepHistory: boolean;
  chart: string | undefined;
  help: boolean;
  text: string;
}

// Our options anywhere; every other word, helm-style flags included, is the message.
function readArgs(args: string[]): PlanArgs | string {
  const { tokens } = parseArgs({
    args,
    options: {
      json: { type: "boolean" },
      "keep-history": { type: "boolean" },
      chart: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const out: PlanArgs = {
    json: false,
    keepHistory: false,
    chart: undefined,
    help: false,
    text: "",
  };
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") words.push(token.value);
    if (token.kind !== "option") continue;
    if (token.name === "json") out.json = true;
    else if (token.name === "keep-history") out.keepHistory = true;
    else if (token.name === "help") out.help = true;
    else if (token.name === "chart") {
      if (!token.value?.startsWith("oci://")) return "--chart needs an oci:// reference";
      out.chart = token.value;
    } else words.push(token.inlineValue ? `${token.rawName}=${token.value ?? ""}` : token.rawName);
  }
  out.text = words.join(" ").trim();
  return out;
}

// The argv the worker would run carries --set values as typed; printed, it is the redacted one.
function withShownArgv(outcome: Parameters<typeof describePlan>[0]): unknown {
  if (outcome.kind !== "plan") return outcome;
  return { ...outcome, command: { ...outcome.command, argv: redactArgv(outcome.command.argv) } };
}

export async function planCommand(args: string[], deps: PlanCommandDeps): Promise<number> {
  const parsed = readArgs(args);
  if (typeof parsed === "string") {
    deps.stderr(`wheelhouse plan: ${parsed}\n\n${PLAN_USAGE}`);
    return 2;
  }
  if (parsed.help || parsed.text === "") {
    (parsed.help ? deps.stdout : deps.stderr)(PLAN_USAGE);
    return parsed.help ? 0 : 2;
  }
  const print = (outcome: Parameters<typeof describePlan>[0]) =>
    deps.stdout(
      parsed.json
        ? JSON.stringify(withShownArgv(outcome), null, 2)
        : describePlan(outcome).join("\n"),
    );
  let outcome: Parameters<typeof describePlan>[0];
  try {
    const helm = await deps.helm();
    const inventory = await helm.list();
    const intent = await deps.analyze(parsed.text, inventory);
    outcome = await makePlan({
      intent,
      inventory,
      helm,
      kube: deps.kube(),
      now: deps.now(),
      ...(deps.sources ? { sources: await deps.sources() } : {}),
      options: {
        text: parsed.text,
        keepHistory: parsed.keepHistory,
        ...(parsed.chart ? { chartRef: parsed.chart } : {}),
        ...(deps.execution ? { execution: await deps.execution() } : {}),
      },
    });
  } catch (error) {
    const info = codedErrorInfo(error);
    if (info.code === "unexpected_error") throw error;
    outcome = refusalFromError(info, "plan", null);
  }
  print(outcome);
  return outcome.kind === "plan" ? 0 : 3;
}

// The command as the environment configures it: helm and kubectl binaries, the intent rules (and
// Gemini when GEMINI_API_KEY is set).
export async function planCommandFromConfig(
  args: string[],
  config: Config,
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  const { model, mode, timeoutMs } = await intentModelFromConfig(config);
  const log = (entry: IntentLogEntry) =>
    io.stderr(JSON.stringify({ ...entry, component: "intent" }));
  return planCommand(args, {
    helm: () => createHelmFromConfig(config),
    execution: async () =>
      resolveExecution(
        await loadPolicy(config.WHEELHOUSE_POLICY),
        config.WHEELHOUSE_CHANGE_TIMEOUT_SECONDS,
      ),
    sources: async () =>
      createChartSources(config, await createHelmFromConfig(config), (line) =>
        io.stderr(JSON.stringify({ ...line, component: "chart-sources" })),
      ),
    kube: () =>
      new KubectlClient({
        bin: config.KUBECTL_BIN ?? defaultBinary("kubectl"),
        ...(config.KUBECONFIG ? { kubeconfig: config.KUBECONFIG } : {}),
        timeoutMs: Math.min(config.HELM_TIMEOUT_MS, 60_000),
      }),
    analyze: async (text, inventory) =>
      (await analyzeIntent(text, inventory, { model, mode, timeoutMs, log })).intent,
    now: () => new Date(),
    ...io,
  });
}
