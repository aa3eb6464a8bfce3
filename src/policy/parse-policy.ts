// Policy text (YAML or JSON, told apart by content) into a validated Policy; a problem names the
// file and the field. Pure: load-policy.ts reads the file.
import { parse as parseYaml } from "yaml";
import { type Policy, policySchema } from "./policy-schema.ts";

export class PolicyError extends Error {
  readonly code = "policy_invalid";
  readonly source: string;
  readonly problems: string[];
  constructor(source: string, problems: string[], cause?: unknown) {
    super(`Invalid approval policy ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, {
      cause,
    });
    this.name = "PolicyError";
    this.source = source;
    this.problems = problems;
  }
}

function parseText(text: string, source: string): unknown {
  const json = /^\s*[{[]/.test(text);
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const what = json ? "JSON" : "YAML";
    const detail = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new PolicyError(source, [`not valid ${what}: ${detail}`], cause);
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

export function parsePolicy(text: string, source: string): Policy {
  // An empty file is the all-defaults policy, as an empty YAML document is.
  const data = parseText(text, source) ?? {};
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = fieldPath(issue.path);
      // A bad record key ("#ops" for a channel) carries its reason one level down.
      const inner = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
      const message = inner ?? issue.message;
      return path === "" ? message : `${path}: ${message}`;
    });
    throw new PolicyError(source, problems, parsed.error);
  }
  return parsed.data;
}
