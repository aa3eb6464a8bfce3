// Spots requests aimed at many releases at once ("uninstall everything", "upgrade all
// releases", "rollback all in prod", "delete *"). Wheelhouse plans one release at a time and
// never widens a mutation on its own.
import type { Token } from "./tokenize.ts";

const QUANTIFIERS = new Set(["all", "every", "each", "both", "whole", "entire"]);
const ALWAYS = new Set(["everything", "anything", "everywhere", "wherever"]);
// After "all"/"every": these make it "all releases", not "all pods are crashing".
const RELEASE_NOUNS = new Set([
  "releases",
  "release",
  "charts",
  "chart",
  "apps",
  "app",
  "services",
  "service",
  "namespaces",
  "namespace",
  "ns",
  "things",
  "stuff",
  "them",
  "those",
  "these",
  "helm",
  "in",
  "on",
  "from",
  "across",
  "deployments",
  "environments",
  "envs",
  "clusters",
  "cluster",
  "workloads",
  "installs",
  "of",
]);
const SKIPPABLE = new Set([
  "the",
  "our",
  "my",
  "your",
  "of",
  "current",
  "existing",
  "installed",
  "deployed",
]);

// isInventoryWord: "upgrade all kafka" means every kafka release.
export function detectWidening(
  tokens: readonly Token[],
  allNamespacesFlag: boolean,
  isInventoryWord: (word: string) => boolean,
): boolean {
  if (allNamespacesFlag) return true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.raw.includes("*")) return true;
    if (ALWAYS.has(token.word)) return true;
    if (!QUANTIFIERS.has(token.word)) continue;
    let j = i + 1;
    while (SKIPPABLE.has(tokens[j]?.word ?? "") && j < tokens.length - 1) j++;
    const next = tokens[j];
    if (!next || token.endsClause || RELEASE_NOUNS.has(next.word)) return true;
    const counts = token.word !== "whole" && token.word !== "entire";
    if (counts && isInventoryWord(next.word)) return true;
  }
  return false;
}
