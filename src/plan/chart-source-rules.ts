// Which source a release's chart comes from when several could: WHEELHOUSE_CHART_SOURCES, a list
// of `key=source` separated by commas or spaces. The key is a release (`namespace/name`) or a
// chart name; the source is a repository name from repositories.yaml or an oci:// prefix the
// chart name is appended to (as `helm push` does). A release rule wins over a chart rule. Pure.
import { z } from "zod";
import { isNamespace, isReleaseName } from "../model/names.ts";
import { parseOciReference } from "../model/oci-reference.ts";

export type ChartSourceTarget =
  | { kind: "repository"; name: string }
  | { kind: "oci"; prefix: string };

export interface ChartSourceRule {
  match: { release: { namespace: string; name: string } } | { chart: string };
  source: ChartSourceTarget;
}

const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const CHART_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

function parseSource(text: string): ChartSourceTarget | string {
  if (text.startsWith("oci://")) {
    const prefix = text.replace(/\/+$/, "");
    // Any chart name appended must make a valid reference: "oci://host/charts" + "/webapp".
    return parseOciReference(`${prefix}/chart`) === null
      ? `${text} is not an oci://host/path prefix`
      : { kind: "oci", prefix };
  }
  return REPO_NAME.test(text)
    ? { kind: "repository", name: text }
    : `${text} is neither a repository name nor an oci:// prefix`;
}

function parseRule(entry: string): ChartSourceRule | string {
  const eq = entry.indexOf("=");
  if (eq <= 0) return `${entry}: write key=source`;
  const key = entry.slice(0, eq);
  const source = parseSource(entry.slice(eq + 1));
  if (typeof source === "string") return `${entry}: ${source}`;
  const slash = key.indexOf("/");
  if (slash >= 0) {
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (!isNamespace(namespace) || !isReleaseName(name))
      return `${entry}: ${key} is not namespace/release`;
    return { match: { release: { namespace, name } }, source };
  }
  if (!CHART_NAME.test(key)) return `${entry}: ${key} is not a chart name`;
  return { match: { chart: key }, source };
}

export function parseChartSourceRules(text: string): ChartSourceRule[] | { problems: string[] } {
  const entries = text.split(/[\s,]+/).filter((e) => e !== "");
  const parsed = entries.map(parseRule);
  const problems = parsed.filter((p): p is string => typeof p === "string");
  if (problems.length > 0) return { problems };
  return parsed.filter((p): p is ChartSourceRule => typeof p !== "string");
}

// For the one configuration schema: text in, rules out, each problem an issue naming the entry.
export const chartSourceRulesSchema = z.string().transform((text, ctx) => {
  const rules = parseChartSourceRules(text);
  if (!Array.isArray(rules)) {
    for (const message of rules.problems) ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  }
  return rules;
});

export function describeRuleKey(rule: ChartSourceRule): string {
  return "release" in rule.match
    ? `release ${rule.match.release.namespace}/${rule.match.release.name}`
    : `chart ${rule.match.chart}`;
}
