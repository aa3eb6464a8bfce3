// Reads helm-style flags out of a message ("-n argocd", "--version 1.6.0", "--set a=1,b=2",
// "--failed"). Only the flags Wheelhouse understands become fields; harmless ones are dropped;
// anything else (--post-renderer, --kubeconfig, -f …) is never passed on and makes the
// request ask for confirmation instead.
import type { StatusFilter } from "./extract-status-filter.ts";
import type { Token } from "./tokenize.ts";

export interface CliArgs {
  namespace: string | null;
  allNamespaces: boolean;
  version: string | null;
  revision: number | null;
  // Raw "key=value" lists as given to --set / --set-string, in order.
  sets: Array<{ text: string; forceString: boolean }>;
  statusFilter: StatusFilter | null;
  help: boolean;
  // A flag Wheelhouse will not pass on was present: ask before doing anything.
  rejectedFlags: boolean;
  // Every token that is not a flag or a flag's value.
  rest: Token[];
}

const STATUS_FLAGS: Readonly<Record<string, StatusFilter>> = {
  "--failed": "failed",
  "--pending": "pending",
  "--deployed": "deployed",
  "--superseded": "superseded",
  "--uninstalled": "uninstalled",
  "--uninstalling": "uninstalling",
};

// Flags that change nothing Wheelhouse cares about (output format, waiting, verbosity):
// dropped silently because the planned command is shown before anything runs.
const HARMLESS_BOOLEAN = new Set([
  "--wait",
  "--wait-for-jobs",
  "--atomic",
  "--rollback-on-failure",
  "--dry-run",
  "--debug",
  "--reuse-values",
  "--reset-values",
  "--reset-then-reuse-values",
  "--install",
  "-i",
  "--cleanup-on-fail",
  "--force",
  "--keep-history",
  "--create-namespace",
  "--date",
  "-d",
  "--reverse",
  "-r",
  "--short",
  "-q",
  "--all",
  "-a",
  "--no-headers",
  "--skip-crds",
  "--hide-notes",
  "--no-hooks",
  "--recreate-pods",
  "--yes",
  "-y",
]);
const HARMLESS_WITH_VALUE = new Set([
  "--timeout",
  "-o",
  "--output",
  "--max",
  "-m",
  "--time-format",
  "--history-max",
  "--description",
]);
// Unknown flags take a value when the next token looks like one (a path, a URL, a file).
const LOOKS_LIKE_FLAG_VALUE = /^(?:[/.~]|[a-z]+:\/\/)|[/=]|\.(?:ya?ml|json|sh|py|txt)$/i;

function splitFlag(token: Token): { name: string; inline: string | null } {
  const eq = token.raw.indexOf("=");
  if (eq === -1) return { name: token.raw.toLowerCase(), inline: null };
  return { name: token.raw.slice(0, eq).toLowerCase(), inline: token.raw.slice(eq + 1) };
}

export function parseCliArgs(tokens: readonly Token[]): CliArgs {
  const out: CliArgs = {
    namespace: null,
    allNamespaces: false,
    version: null,
    revision: null,
    sets: [],
    statusFilter: null,
    help: false,
    rejectedFlags: false,
    rest: [],
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.kind !== "flag") {
      // A chart from a URL ("oci://…", "https://…") is a different source than the
      // release's own: never used, and worth asking about rather than ignoring.
      if (token.raw.includes("://")) out.rejectedFlags = true;
      else out.rest.push(token);
      continue;
    }
    const { name, inline } = splitFlag(token);
    const next = tokens[i + 1];
    const takeValue = (): string | null => {
      if (inline !== null) return inline;
      if (next && next.kind !== "flag") {
        i++;
        return next.raw;
      }
      return null;
    };
    if (name === "-n" || name === "--namespace") {
      const value = takeValue();
      if (value !== null) out.namespace = value.toLowerCase();
    } else if (name === "-a" && inline === null && token.raw === "-A") {
      out.allNamespaces = true;
    } else if (name === "--all-namespaces") {
      out.allNamespaces = true;
    } else if (name === "--version") {
      out.version = takeValue();
    } else if (name === "--revision" || name === "--to-revision") {
      const value = takeValue();
      out.revision = value !== null && /^\d+$/.test(value) ? Number(value) : null;
    } else if (name === "--set" || name === "--set-string") {
      const value = takeValue();
      if (value !== null) out.sets.push({ text: value, forceString: name === "--set-string" });
    } else if (STATUS_FLAGS[name]) {
      out.statusFilter = STATUS_FLAGS[name] ?? null;
    } else if (name === "-h" || name === "--help") {
      out.help = true;
    } else if (HARMLESS_BOOLEAN.has(name)) {
      // Dropped: "--dry-run=server" carries its value inline and goes with it.
    } else if (HARMLESS_WITH_VALUE.has(name)) {
      takeValue();
    } else {
      out.rejectedFlags = true;
      if (inline === null && next && next.kind !== "flag" && LOOKS_LIKE_FLAG_VALUE.test(next.raw)) {
        i++;
      }
    }
  }
  return out;
}
