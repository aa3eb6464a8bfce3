// The pure path of one chat message, as the bot takes it: the rules read the text against the
// inventory, the Intent becomes the helm operations the bot would run (reads at once; for a
// change, its dry-run and its command), each is validated and built into argv. The result says
// what a person would get back and every property the text broke.

import { analyzeRules } from "../../src/intent/analyze-rules.ts";
import { buildHelmArgv, formatHelmCommand } from "../../src/model/build-helm-argv.ts";
import { HelmInvalidInputError } from "../../src/model/helm-errors.ts";
import type { HelmOperation, MutatingHelmOperation } from "../../src/model/helm-operation.ts";
import type { Intent } from "../../src/model/intent.ts";
import { type Inventory, splitChart } from "../../src/model/release.ts";
import { validateHelmOperation } from "../../src/model/validate-helm-operation.ts";
import { DEFAULT_EXECUTION } from "../../src/plan/plan-inputs.ts";
import { rollbackOperation } from "../../src/plan/plan-rollback.ts";
import { uninstallOperation } from "../../src/plan/plan-uninstall.ts";
import { asDryRun } from "../../src/plan/planned-command.ts";
import { upgradeOperation } from "../../src/plan/upgrade-operation.ts";
import { argvProblems, helmTyped, readShellWords } from "./fuzz-argv.ts";
import type { FuzzText } from "./fuzz-inputs.ts";

export type Outcome = "asks" | "help" | "refused" | "read" | "plan";

export interface CaseResult {
  outcome: Outcome;
  intent: Intent;
  argvs: string[][];
  problems: string[];
}

// Stands in for the version the repository search would pick: not something a person typed.
const REPOSITORY_PICK = "1.1.0";
// Slack markup that would ping or link if a question echoed it.
const MARKUP = /<[@#!]|<(?:https?|mailto):/;
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function mutation(intent: Intent, inventory: Inventory, text: string): MutatingHelmOperation[] {
  const release = intent.release;
  if (release === null) return [];
  const row = inventory.find((r) => r.name === release.name && r.namespace === release.namespace);
  if (!row) return [];
  const { chartName, chartVersion } = splitChart(row.chart);
  const chartRef = `fixtures/${chartName}`;
  const execution = DEFAULT_EXECUTION;
  switch (intent.operation) {
    case "upgrade": {
      const wanted = intent.targetVersion;
      const version = wanted === null || wanted === "latest" ? REPOSITORY_PICK : wanted;
      const set = intent.set ?? undefined;
      return [
        upgradeOperation({
          release,
          chartRef,
          version,
          strategy: "reuse",
          execution,
          ...(set ? { set } : {}),
        }),
      ];
    }
    case "set-values":
      if (intent.set === null) return [];
      return [
        upgradeOperation({
          release,
          chartRef,
          version: chartVersion,
          strategy: "reuse",
          set: intent.set,
          execution,
        }),
      ];
    case "rollback":
      return [
        rollbackOperation(
          release,
          intent.targetRevision ?? Math.max(1, row.revision - 1),
          execution,
        ),
      ];
    case "uninstall":
      return [uninstallOperation(release, /keep.?history/i.test(text), execution)];
    default:
      return [];
  }
}

// The operations the bot runs for an Intent; null when it answers with a question instead.
export function operationsFor(
  intent: Intent,
  inventory: Inventory,
  text: string,
): HelmOperation[] | null {
  const { operation: op, release } = intent;
  if (op === "help") return [];
  if (op === "unknown" || intent.clarification !== null) return null;
  if (op === "list")
    return [
      {
        kind: "list",
        ...(intent.namespace ? { namespace: intent.namespace } : {}),
        ...(intent.statusFilter ? { statusFilter: intent.statusFilter } : {}),
      },
    ];
  if (release === null) return null;
  const revision = intent.targetRevision === null ? {} : { revision: intent.targetRevision };
  switch (op) {
    case "status":
      return [{ kind: "status", release }];
    case "history":
      return [{ kind: "history", release, max: 20 }];
    case "values":
      return [
        {
          kind: "get-values",
          release,
          all: /(^|\s)(--all|-a)(\s|$)|all values/i.test(text),
          ...revision,
        },
      ];
    case "manifest":
      return [{ kind: "get-manifest", release, ...revision }];
    case "diagnose":
      return [
        { kind: "status", release },
        { kind: "history", release, max: 10 },
      ];
    default: {
      const planned = mutation(intent, inventory, text);
      return planned.length === 0 ? null : planned.flatMap((o) => [asDryRun(o), o]);
    }
  }
}

function questionProblems(intent: Intent): string[] {
  const q = intent.clarification ?? "";
  if (q.trim().length < 10) return [`no question a person can answer: ${JSON.stringify(q)}`];
  if (MARKUP.test(q) || HIDDEN.test(q))
    return [`the question echoes markup or hidden characters: ${JSON.stringify(q)}`];
  return [];
}

// What was typed as `key=value` arrives in helm as typed (numbers, booleans, text alike).
function typedProblems(input: FuzzText, intent: Intent): string[] {
  const problems: string[] = [];
  for (const { key, value } of input.typed) {
    const got = intent.set?.[key];
    const pair = `${key}=${value}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const alone = new RegExp(`(^|\\s)${pair}(\\s|$)`).test(input.text);
    if (got === undefined || !alone || input.text.split(key).length !== 2) continue;
    const want = helmTyped(value, false);
    const have = helmTyped(String(got), typeof got === "string");
    // An int beyond JS's safe range may arrive as the same digits, as text.
    const sameDigits = want.type === "int" && have.type === "string" && have.text === want.text;
    if ((want.type !== have.type || want.text !== have.text) && !sameDigits)
      problems.push(
        `${key}=${value} would reach helm as ${have.type} ${JSON.stringify(have.text)}`,
      );
  }
  return problems;
}

export function runTextCase(input: FuzzText, inventory: Inventory): CaseResult {
  const { intent } = analyzeRules(input.text, inventory);
  const ops = operationsFor(intent, inventory, input.text);
  if (ops === null)
    return { outcome: "asks", intent, argvs: [], problems: questionProblems(intent) };
  if (ops.length === 0) return { outcome: "help", intent, argvs: [], problems: [] };
  const problems = typedProblems(input, intent);
  const argvs: string[][] = [];
  for (const op of ops) {
    try {
      validateHelmOperation(op);
    } catch (error) {
      if (
        !(error instanceof HelmInvalidInputError) ||
        error.field === "" ||
        error.message.length < 10
      )
        throw error;
      return { outcome: "refused", intent, argvs, problems };
    }
    for (const helmMajor of [4, 3] as const) {
      const argv = buildHelmArgv(op, { helmMajor });
      argvs.push(argv);
      problems.push(...argvProblems(op, argv));
      const shown = readShellWords(formatHelmCommand(argv));
      if (JSON.stringify(shown) !== JSON.stringify(["helm", ...argv]))
        problems.push(`the command shown is not the argv: ${formatHelmCommand(argv)}`);
    }
  }
  const outcome = ops.some(
    (o) => o.kind === "upgrade" || o.kind === "rollback" || o.kind === "uninstall",
  )
    ? "plan"
    : "read";
  return { outcome, intent, argvs, problems };
}
