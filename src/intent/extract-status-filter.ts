// The status a "list" request filters on: "any failed releases?" -> failed, "what's stuck?"
// -> pending, "show deployed releases" -> deployed.
import type { Intent } from "../model/intent.ts";
import type { Token } from "./tokenize.ts";

export type StatusFilter = NonNullable<Intent["statusFilter"]>;

const FILTER_WORDS: Readonly<Record<string, StatusFilter>> = {
  failed: "failed",
  failing: "failed",
  fail: "failed",
  broken: "failed",
  broke: "failed",
  errored: "failed",
  erroring: "failed",
  error: "failed",
  unhealthy: "failed",
  red: "failed",
  down: "failed",
  wrong: "failed",
  dead: "failed",
  crashing: "failed",
  crashlooping: "failed",
  pending: "pending",
  stuck: "pending",
  hanging: "pending",
  hung: "pending",
  "pending-upgrade": "pending",
  "pending-install": "pending",
  "pending-rollback": "pending",
  "in-progress": "pending",
  superseded: "superseded",
  uninstalled: "uninstalled",
  uninstalling: "uninstalling",
};

// "deployed" is also how people say "installed" ("what's deployed in qa"): only as an
// adjective of releases does it filter.
const NOUNS = new Set(["releases", "release", "charts", "apps", "ones", "services"]);

export function extractStatusFilter(tokens: readonly Token[]): StatusFilter | null {
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.word ?? "";
    const filter = FILTER_WORDS[word];
    if (filter) return filter;
    if (word === "status" && tokens[i + 1]?.word === "deployed") return "deployed";
    if (word === "deployed" && (NOUNS.has(tokens[i + 1]?.word ?? "") || i === tokens.length - 1)) {
      const before = tokens[i - 1]?.word ?? "";
      if (before !== "is" && before !== "what") return "deployed";
    }
    if (word === "in" && tokens[i + 1]?.word === "progress") return "pending";
  }
  return null;
}
