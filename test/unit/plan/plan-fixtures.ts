// Small, readable builders for the planners' inputs: manifests as helm prints them, inventory
// rows, status snapshots and dry-run outcomes.
import type { MutatingHelmOperation } from "../../../src/model/helm-operation.ts";
import type { HelmStatus, ReleaseSummary } from "../../../src/model/release.ts";
import type { DryRunOutcome, StatusSnapshot } from "../../../src/plan/plan-inputs.ts";
import type { HistoryRow } from "../../../src/plan/plan-types.ts";
import { asDryRun } from "../../../src/plan/planned-command.ts";

export const NOW = new Date("2026-05-01T12:00:00Z");
export const EXECUTION = { wait: true, timeoutSeconds: 300 };

export function manifest(...documents: string[]): string {
  return documents
    .map((d, i) => `---\n# Source: chart/templates/doc-${i}.yaml\n${d.trim()}\n`)
    .join("");
}

export function deployment(name: string, image: string, replicas = 2): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: web
          image: ${image}`;
}

export function secret(name: string, password: string): string {
  return `
apiVersion: v1
kind: Secret
metadata:
  name: ${name}
stringData:
  PASSWORD: ${JSON.stringify(password)}`;
}

export function configMap(name: string, data = "a: b"): string {
  return `
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  ${data}`;
}

export function summary(overrides: Partial<ReleaseSummary> = {}): ReleaseSummary {
  return {
    name: "web",
    namespace: "shop",
    revision: 3,
    updated: "2026-05-01 10:00:00.000000 +0000 UTC",
    status: "deployed",
    chart: "webapp-1.0.0",
    app_version: "1.0.0",
    ...overrides,
  };
}

export function status(
  overrides: {
    version?: number;
    status?: HelmStatus;
    description?: string;
    config?: Record<string, unknown>;
    manifest?: string;
    last_deployed?: string;
  } = {},
): StatusSnapshot {
  return {
    version: overrides.version ?? 3,
    info: {
      status: overrides.status ?? "deployed",
      description: overrides.description ?? "Upgrade complete",
      last_deployed: overrides.last_deployed ?? "2026-05-01T10:00:00Z",
    },
    config: overrides.config ?? {},
    manifest: overrides.manifest ?? "",
  };
}

export function passed(
  operation: MutatingHelmOperation,
  result: {
    manifest?: string | null;
    config?: Record<string, unknown> | null;
    hooks?: Array<{ name: string; kind: string; events: string[] }>;
  } = {},
): DryRunOutcome {
  return {
    ok: true,
    operation: asDryRun(operation),
    manifest: result.manifest ?? null,
    config: result.config ?? null,
    hooks: result.hooks ?? [],
    summary: "helm: Dry run complete",
    apiServerAccepted: result.manifest ? (result.manifest.match(/^kind:/gm) ?? []).length : null,
  };
}

export function rejected(
  operation: MutatingHelmOperation,
  stderrHead: string,
  code = "helm_dry_run_failed",
): DryRunOutcome {
  return {
    ok: false,
    operation: asDryRun(operation),
    error: { code, message: "The API server or the chart rejected the change.", stderrHead },
  };
}

export function history(...rows: Array<[number, HelmStatus, string?]>): HistoryRow[] {
  return rows.map(([revision, rowStatus, chart]) => ({
    revision,
    updated: `2026-05-01T0${revision}:00:00Z`,
    status: rowStatus,
    chart: chart ?? "webapp-1.0.0",
    appVersion: (chart ?? "webapp-1.0.0").replace(/^.*-/, ""),
    description: rowStatus === "failed" ? 'Upgrade "web" failed: timed out' : "Upgrade complete",
  }));
}

export function searchHits(repo: string, chart: string, versions: string[]) {
  return versions.map((version) => ({ name: `${repo}/${chart}`, version, app_version: version }));
}
