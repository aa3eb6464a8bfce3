// What helm would make of an argv, read independently of the builder: the flags it would see,
// the positional words, and each --set pair as helm's own parser splits and types it. The fuzz
// tests check the argv Wheelhouse builds against the operation it was built from.
import type { HelmOperation } from "../../src/model/helm-operation.ts";

const WITH_VALUE = new Set([
  "--namespace",
  "--version",
  "--set",
  "--set-string",
  "--timeout",
  "--output",
  "--max",
  "--revision",
  "--values",
  // helm pull of a chart, to read its values.schema.json.
  "--untardir",
  "--ca-file",
]);
const BOOLEAN = new Set([
  "--wait",
  "--reuse-values",
  "--reset-values",
  "--reset-then-reuse-values",
  "--rollback-on-failure",
  "--atomic",
  "--dry-run",
  "--dry-run=server",
  "--disable-openapi-validation",
  "--untar",
  "--keep-history",
  "--all",
  "--all-namespaces",
  "--deployed",
  "--failed",
  "--pending",
  "--superseded",
  "--uninstalled",
  "--uninstalling",
  "--create-namespace",
  "--versions",
  "--devel",
  "--force-update",
]);
// Control and invisible formatting characters (bidi overrides, zero-width): never in argv.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const SHELL_META = /[\s;&|$`<>(){}\\'"*?!#~^[\]]/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SET_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\[\d+\])*(\.[A-Za-z0-9_][A-Za-z0-9_-]*(\[\d+\])*)*$/;
const VERSION = /^[\^~]?[0-9A-Za-z][0-9A-Za-z.+-]*$/;

export type HelmValue = { type: "string" | "int" | "bool" | "null"; text: string };

// helm's strvals typedVal: --set-string is text; --set reads true/false/null and int64s.
export function helmTyped(text: string, forceString: boolean): HelmValue {
  if (forceString) return { type: "string", text };
  const lower = text.toLowerCase();
  if (lower === "true" || lower === "false") return { type: "bool", text: lower };
  if (lower === "null") return { type: "null", text: "" };
  if (text === "0") return { type: "int", text: "0" };
  if (/^[+-]?\d+$/.test(text) && !text.startsWith("0")) {
    const n = BigInt(text);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return { type: "int", text: n.toString() };
  }
  return { type: "string", text };
}

// One --set argument as helm splits it: the key, then the value up to an unescaped ",".
export function readSetArg(arg: string): { key: string; values: string[] } {
  const eq = arg.indexOf("=");
  const key = eq < 0 ? arg : arg.slice(0, eq);
  const values: string[] = [];
  let current = "";
  for (let i = eq + 1; eq >= 0 && i < arg.length; i++) {
    const ch = arg.charAt(i);
    if (ch === "\\" && i + 1 < arg.length) current += arg.charAt(++i);
    else if (ch === ",") {
      values.push(current);
      current = "";
    } else current += ch;
  }
  values.push(current);
  return { key, values };
}

interface ReadArgv {
  positionals: string[];
  flags: Array<{ name: string; value: string | null }>;
  problems: string[];
}

export function readHelmArgv(argv: readonly string[]): ReadArgv {
  const out: ReadArgv = { positionals: [], flags: [], problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (HIDDEN.test(arg))
      out.problems.push(`control or invisible character in ${JSON.stringify(arg)}`);
    if (!arg.startsWith("-")) {
      out.positionals.push(arg);
    } else if (WITH_VALUE.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("-"))
        out.problems.push(`${arg} takes ${JSON.stringify(value)}: a flag where a value goes`);
      out.flags.push({ name: arg, value: value ?? null });
    } else if (BOOLEAN.has(arg)) {
      out.flags.push({ name: arg, value: null });
    } else {
      out.problems.push(`a flag Wheelhouse never builds: ${JSON.stringify(arg)}`);
    }
  }
  return out;
}

function expectedPositionals(op: HelmOperation): string[] {
  switch (op.kind) {
    case "list":
      return ["list"];
    case "get-values":
      return ["get", "values", op.release.name];
    case "get-manifest":
      return ["get", "manifest", op.release.name];
    case "upgrade":
    case "install":
      return [op.kind, op.release.name, op.chart];
    case "rollback":
      return [
        "rollback",
        op.release.name,
        ...(op.revision === undefined ? [] : [String(op.revision)]),
      ];
    case "status":
    case "history":
    case "uninstall":
      return [op.kind, op.release.name];
    default:
      return [];
  }
}

function userFieldProblems(op: HelmOperation): string[] {
  const problems: string[] = [];
  const bad = (what: string, value: string, ok: boolean) => {
    if (!ok || value.startsWith("-") || HIDDEN.test(value))
      problems.push(`${what} ${JSON.stringify(value)} reached argv`);
  };
  const ns = "release" in op ? op.release.namespace : op.kind === "list" ? op.namespace : undefined;
  if ("release" in op)
    bad("release", op.release.name, DNS_NAME.test(op.release.name) && op.release.name.length <= 53);
  if (ns !== undefined)
    bad("namespace", ns, DNS_NAME.test(ns) && !ns.includes(".") && ns.length <= 63);
  if ("version" in op && op.version !== undefined)
    bad("version", op.version, VERSION.test(op.version) && !SHELL_META.test(op.version.slice(1)));
  if ("chart" in op) bad("chart", op.chart, !SHELL_META.test(op.chart));
  for (const key of Object.keys("set" in op ? (op.set ?? {}) : {}))
    bad("--set key", key, SET_KEY.test(key) && !/[;&|$`<>(){}\\'"*?!#~^\s]/.test(key));
  return problems;
}

// Every way the argv could differ from the operation: a flag we never build, a value where a
// flag goes, a positional word too many, a --set pair that helm would split or read otherwise.
export function argvProblems(op: HelmOperation, argv: readonly string[]): string[] {
  const read = readHelmArgv(argv);
  const problems = [...read.problems, ...userFieldProblems(op)];
  const expected = expectedPositionals(op);
  if (JSON.stringify(read.positionals) !== JSON.stringify(expected))
    problems.push(
      `positional words ${JSON.stringify(read.positionals)}, expected ${JSON.stringify(expected)}`,
    );
  const flag = (name: string) => read.flags.filter((f) => f.name === name).map((f) => f.value);
  const ns = "release" in op ? op.release.namespace : op.kind === "list" ? op.namespace : undefined;
  if (ns !== undefined && JSON.stringify(flag("--namespace")) !== JSON.stringify([ns]))
    problems.push(`--namespace ${JSON.stringify(flag("--namespace"))}, expected ${ns}`);
  if ("version" in op && op.version !== undefined && flag("--version")[0] !== op.version)
    problems.push(`--version ${JSON.stringify(flag("--version"))}, expected ${op.version}`);
  // Counts helm parses as integers: plain digits, never "1e+21" ("--max 0" is list's own).
  const counts = [
    ...flag("--revision"),
    ...flag("--max").filter((m) => op.kind !== "list" || m !== "0"),
    ...flag("--timeout").map((t) => t?.replace(/s$/, "") ?? null),
    ...(op.kind === "rollback" ? read.positionals.slice(2) : []),
  ];
  for (const count of counts)
    if (!/^[1-9]\d{0,15}$/.test(count ?? ""))
      problems.push(`a count helm cannot read: ${JSON.stringify(count)}`);
  const set = "set" in op ? (op.set ?? {}) : {};
  const setFlags = read.flags.filter((f) => f.name === "--set" || f.name === "--set-string");
  if (setFlags.length !== Object.keys(set).length)
    problems.push(`${setFlags.length} --set arguments for ${Object.keys(set).length} values`);
  for (const f of setFlags) {
    const { key, values } = readSetArg(f.value ?? "");
    const wanted = set[key];
    if (wanted === undefined || values.length !== 1) {
      problems.push(
        `helm would read ${JSON.stringify(f.value)} as ${values.length} value(s) of ${JSON.stringify(key)}`,
      );
      continue;
    }
    const got = helmTyped(values[0] ?? "", f.name === "--set-string");
    // helm's --set has no fractions or exponents: such a number arrives as its text.
    const type =
      typeof wanted === "string"
        ? "string"
        : typeof wanted === "boolean"
          ? "bool"
          : /^-?\d+$/.test(String(wanted))
            ? "int"
            : "string";
    const same = got.type === type && got.text === String(wanted);
    if (!same)
      problems.push(
        `helm would read ${key} as ${got.type} ${JSON.stringify(got.text)}, not ${JSON.stringify(wanted)}`,
      );
  }
  return problems;
}

// The command as shown, read back the way a POSIX shell would: it must be the argv exactly.
export function readShellWords(command: string): string[] | null {
  const words: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command.charAt(i);
    if (ch === " ") {
      if (current !== null) words.push(current);
      current = null;
    } else if (ch === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) return null;
      current = (current ?? "") + command.slice(i + 1, close);
      i = close;
    } else if (ch === "\\" && i + 1 < command.length) {
      current = (current ?? "") + command.charAt(++i);
    } else if (/[A-Za-z0-9_./:=@%+,-]/.test(ch)) {
      current = (current ?? "") + ch;
    } else {
      return null;
    }
  }
  if (current !== null) words.push(current);
  return words;
}
