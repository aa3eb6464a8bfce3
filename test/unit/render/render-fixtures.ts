// Plans, records, reads and executions as plain data, shaped like what the planners and helm
// really produce (taken from runs on the test cluster, renamed to namespace "shop").
import type { ExecutionReport } from "../../../src/model/execution-report.ts";
import type { HistoryEntry, ReleaseDetail } from "../../../src/model/helm-output-schemas.ts";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import type { ManifestDiff } from "../../../src/plan/diff-manifests.ts";
import type {
  Plan,
  PlanRefusal,
  ReleaseState,
  RollbackPlan,
  SetValuesPlan,
  UninstallPlan,
  UpgradePlan,
} from "../../../src/plan/plan-types.ts";

const NS = "shop";

export const release: ReleaseState = {
  name: "web",
  namespace: NS,
  chart: "webapp-1.1.0",
  chartName: "webapp",
  chartVersion: "1.1.0",
  appVersion: "1.1.0",
  revision: 2,
  status: "deployed",
  updated: "2026-05-01T10:00:00.123456789Z",
  description: "Upgrade complete",
};

const labelsOnly = (kind: string, name: string, apiVersion = "v1") => ({
  apiVersion,
  kind,
  namespace: NS,
  name,
  paths: ['metadata.labels["app.kubernetes.io/version"]', 'metadata.labels["helm.sh/chart"]'],
  morePaths: 0,
});

const upgradeDiff: ManifestDiff = {
  added: [],
  removed: [],
  changed: [
    labelsOnly("Secret", "web-auth"),
    labelsOnly("ConfigMap", "web-config"),
    labelsOnly("Service", "web"),
    {
      ...labelsOnly("Deployment", "web", "apps/v1"),
      paths: [...labelsOnly("Deployment", "web").paths, "spec.template.spec.containers[web].image"],
    },
  ],
  unchanged: 0,
  imageChanges: [
    {
      kind: "Deployment",
      namespace: NS,
      name: "web",
      container: "web",
      before: "registry.example.com/webapp:1.1.0",
      after: "registry.example.com/webapp-crash:1.2.0",
    },
  ],
};

const base = {
  kind: "plan" as const,
  createdAt: "2026-05-01T12:00:00.000Z",
  release,
  warnings: [],
  recovery: null,
};

export const upgradePlan: UpgradePlan = {
  ...base,
  operation: "upgrade",
  command: {
    operation: {
      kind: "upgrade",
      release: { name: "web", namespace: NS },
      chart: "fixtures/webapp",
      version: "1.2.0",
      valuesStrategy: "reset-then-reuse",
      wait: true,
      timeoutSeconds: 300,
    },
    argv: [
      "upgrade",
      "web",
      "--namespace",
      NS,
      "fixtures/webapp",
      "--version",
      "1.2.0",
      "--reset-then-reuse-values",
      "--wait",
      "--timeout",
      "300s",
      "--output",
      "json",
    ],
    display: `helm upgrade web --namespace ${NS} fixtures/webapp --version 1.2.0 --reset-then-reuse-values --wait --timeout 300s --output json`,
    helmMajor: 4,
  },
  dryRun: { mode: "server", summary: "helm: Dry run complete", apiServerAccepted: 4 },
  risk: {
    level: "medium",
    reasons: [
      {
        level: "medium",
        text: "new image for Deployment web/web: registry.example.com/webapp:1.1.0 → registry.example.com/webapp-crash:1.2.0 (not yet proven on this release)",
      },
      { level: "low", text: "minor version bump (1.1.0 → 1.2.0)" },
    ],
  },
  digest: "sha256:59b86a9a9938c2c901418b2184938ed4101927abb96d18aba30687959923eb11",
  upgrade: {
    repository: "fixtures",
    chartRef: "fixtures/webapp",
    repositoryNote:
      "helm does not record where a chart came from: repository fixtures is assumed because it has webapp 1.1.0, the version the release runs.",
    availableVersions: [
      { chartVersion: "2.0.0", appVersion: "2.0.0", preRelease: false },
      { chartVersion: "1.2.0", appVersion: "1.2.0", preRelease: false },
      { chartVersion: "1.1.0", appVersion: "1.1.0", preRelease: false },
    ],
    from: { chartVersion: "1.1.0", appVersion: "1.1.0" },
    to: { chartVersion: "1.2.0", appVersion: "1.2.0" },
    targetReason: "1.2.0 was asked for",
    versionChange: "minor",
    values: {
      strategy: "reset-then-reuse",
      reason:
        "the chart defaults changed between 1.1.0 and 1.2.0 (2 keys: image.repository, image.tag); --reuse-values would keep the 1.1.0 defaults, so --reset-then-reuse-values takes the 1.2.0 defaults and re-applies your values",
      userValues: { auth: { password: "REDACTED" }, replicaCount: 2 },
      userKeys: [],
      renamedKeys: [],
      defaultChanges: [
        {
          path: "image.repository",
          change: "changed",
          before: "registry.example.com/webapp",
          after: "registry.example.com/webapp-crash",
        },
        { path: "image.tag", change: "changed", before: "1.1.0", after: "1.2.0" },
      ],
    },
    manifestDiff: upgradeDiff,
    hooks: [],
  },
};

export const majorUpgradePlan: UpgradePlan = {
  ...upgradePlan,
  command: {
    ...upgradePlan.command,
    argv: upgradePlan.command.argv.map((a) => (a === "1.2.0" ? "2.0.0" : a)),
    display: upgradePlan.command.display.replace("1.2.0", "2.0.0"),
  },
  risk: {
    level: "high",
    reasons: [
      { level: "high", text: "major version bump (1.1.0 → 2.0.0): read the chart's upgrade notes" },
      { level: "medium", text: "your value replicaCount was renamed to replicas in 2.0.0" },
    ],
  },
  warnings: ["webapp 2.0.0 ships a values schema: values it does not know are refused"],
  upgrade: {
    ...upgradePlan.upgrade,
    to: { chartVersion: "2.0.0", appVersion: "2.0.0" },
    targetReason: "2.0.0 is the newest stable version",
    versionChange: "major",
    values: {
      ...upgradePlan.upgrade.values,
      userKeys: [
        {
          path: "replicaCount",
          yourValue: 2,
          effect: "renamed",
          renamedTo: "replicas",
          defaultBefore: 1,
        },
        {
          path: "image.tag",
          yourValue: "1.1.0",
          effect: "default-changed",
          defaultBefore: "1.1.0",
          defaultAfter: "2.0.0",
        },
      ],
      renamedKeys: [{ from: "replicaCount", to: "replicas" }],
    },
    manifestDiff: {
      ...upgradeDiff,
      added: [{ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: NS, name: "web" }],
      removed: [{ apiVersion: "v1", kind: "ConfigMap", namespace: NS, name: "web-config" }],
      changed: upgradeDiff.changed.filter((c) => c.kind !== "ConfigMap"),
    },
    hooks: [{ name: "web-migrate", kind: "Job", events: ["pre-upgrade"] }],
  },
};

export const rollbackPlan: RollbackPlan = {
  ...base,
  operation: "rollback",
  command: {
    operation: {
      kind: "rollback",
      release: { name: "web", namespace: NS },
      revision: 1,
      wait: true,
      timeoutSeconds: 300,
    },
    argv: ["rollback", "web", "1", "--namespace", NS, "--wait", "--timeout", "300s"],
    display: `helm rollback web 1 --namespace ${NS} --wait --timeout 300s`,
    helmMajor: 4,
  },
  dryRun: {
    mode: "server",
    summary: "helm: Rollback was a success! Happy Helming!",
    apiServerAccepted: 4,
  },
  risk: {
    level: "low",
    reasons: [{ level: "low", text: "rolls back to a revision that ran before" }],
  },
  digest: "sha256:d51d3c439b6d50769524aba650b14d149eb2690acdb476b78fad51541ae6c344",
  rollback: {
    history: [
      {
        revision: 2,
        updated: "2026-05-01T10:00:00.123Z",
        status: "deployed",
        chart: "webapp-1.1.0",
        appVersion: "1.1.0",
        description: "Upgrade complete",
      },
      {
        revision: 1,
        updated: "2026-05-01T09:00:00.123Z",
        status: "superseded",
        chart: "webapp-1.1.0",
        appVersion: "1.1.0",
        description: "Install complete",
      },
    ],
    target: {
      revision: 1,
      updated: "2026-05-01T09:00:00.123Z",
      status: "superseded",
      chart: "webapp-1.1.0",
      appVersion: "1.1.0",
      description: "Install complete",
      reason:
        "revision 1 (webapp-1.1.0, superseded) is the revision that ran before the current one",
    },
    from: { chartVersion: "1.1.0", appVersion: "1.1.0" },
    to: { chartVersion: "1.1.0", appVersion: "1.1.0" },
    valuesDiff: [{ path: "replicaCount", change: "changed", before: 2, after: 1 }],
    manifestDiff: {
      added: [],
      removed: [],
      changed: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          namespace: NS,
          name: "web",
          paths: ["spec.replicas"],
          morePaths: 0,
        },
      ],
      unchanged: 3,
      imageChanges: [],
    },
  },
};

export const recoveryPlan: RollbackPlan = {
  ...rollbackPlan,
  release: { ...release, revision: 3, status: "pending-upgrade", description: "Preparing upgrade" },
  recovery: {
    blockedOperation: "upgrade",
    stuckStatus: "pending-upgrade",
    stuckRevision: 3,
    reason:
      "a helm process stopped mid-upgrade 40 minutes ago; helm refuses every change until the release is rolled back",
  },
  risk: {
    level: "medium",
    reasons: [{ level: "medium", text: "the release is stuck: rolling back is the only way out" }],
  },
};

export const uninstallPlan: UninstallPlan = {
  ...base,
  release: {
    ...release,
    name: "db",
    chart: "datastore-0.1.0",
    chartName: "datastore",
    chartVersion: "0.1.0",
    appVersion: "0.1.0",
    revision: 1,
    description: "Install complete",
  },
  operation: "uninstall",
  command: {
    operation: {
      kind: "uninstall",
      release: { name: "db", namespace: NS },
      wait: true,
      timeoutSeconds: 300,
    },
    argv: ["uninstall", "db", "--namespace", NS, "--wait", "--timeout", "300s"],
    display: `helm uninstall db --namespace ${NS} --wait --timeout 300s`,
    helmMajor: 4,
  },
  dryRun: { mode: "client", summary: 'helm: release "db" uninstalled', apiServerAccepted: null },
  risk: {
    level: "high",
    reasons: [
      { level: "high", text: "uninstall deletes 3 objects: the release stops serving" },
      {
        level: "high",
        text: "deletes PersistentVolumeClaim shop/db-uploads: its data is lost unless the volume is retained",
      },
      {
        level: "medium",
        text: "PersistentVolumeClaim shop/data-db-db-0 stays (made by StatefulSet db-db from its volumeClaimTemplate data; helm does not delete it)",
      },
    ],
  },
  digest: "sha256:5b87d510f644c6ac3fd294c4479cc2aa5b157337c3afa9eede42bac367d8835a",
  uninstall: {
    deletes: [
      { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: NS, name: "db-uploads" },
      { apiVersion: "v1", kind: "Service", namespace: NS, name: "db-db" },
      { apiVersion: "apps/v1", kind: "StatefulSet", namespace: NS, name: "db-db" },
    ],
    keeps: [
      {
        apiVersion: "v1",
        kind: "Secret",
        namespace: NS,
        name: "db-keys",
        reason: "annotated helm.sh/resource-policy: keep",
      },
    ],
    crds: [
      {
        name: "widgets.example.com",
        group: "example.com",
        kind: "Widget",
        fate: "left-behind",
        reason: "installed from the chart's crds/ directory: helm never deletes those",
        customResources: [{ namespace: NS, name: "demo", inRelease: true }],
      },
    ],
    volumes: [
      {
        namespace: NS,
        name: "db-uploads",
        fate: "deleted",
        source: "manifest",
        owner: null,
        phase: "Bound",
        capacity: "1Gi",
        reason: "it is part of the release's manifest, so helm deletes it",
      },
      {
        namespace: NS,
        name: "data-db-db-0",
        fate: "kept",
        source: "statefulset",
        owner: "StatefulSet db-db",
        phase: "Bound",
        capacity: "5Gi",
        reason:
          "made by StatefulSet db-db from its volumeClaimTemplate data; helm does not delete it",
      },
    ],
    keepHistory: false,
    alternative: {
      keepHistory: true,
      display: `helm uninstall db --namespace ${NS} --keep-history --wait --timeout 300s`,
      why: "--keep-history keeps the release's record, so 'helm rollback' can bring it back",
    },
    hooks: [],
  },
};

export const setValuesPlan: SetValuesPlan = {
  ...base,
  operation: "set-values",
  command: {
    operation: {
      kind: "upgrade",
      release: { name: "web", namespace: NS },
      chart: "fixtures/webapp",
      version: "1.1.0",
      valuesStrategy: "reuse",
      set: { replicaCount: 3, "auth.password": "x" },
      wait: true,
      timeoutSeconds: 300,
    },
    argv: [
      "upgrade",
      "web",
      "--namespace",
      NS,
      "fixtures/webapp",
      "--version",
      "1.1.0",
      "--reuse-values",
      "--set",
      "replicaCount=3",
      "--set-string",
      "auth.password=x",
      "--wait",
      "--timeout",
      "300s",
      "--output",
      "json",
    ],
    display: `helm upgrade web --namespace ${NS} fixtures/webapp --version 1.1.0 --reuse-values --set replicaCount=3 --set-string auth.password=REDACTED --wait --timeout 300s --output json`,
    helmMajor: 4,
  },
  dryRun: { mode: "server", summary: "helm: Dry run complete", apiServerAccepted: 4 },
  risk: {
    level: "medium",
    reasons: [
      {
        level: "medium",
        text: "sets the sensitive value auth.password; it is stored in the release's values",
      },
    ],
  },
  digest: "sha256:d08397b0931be9a16a497fcaccc5fbd6e07eae1f0ea9965764470cf4ca208228",
  setValues: {
    chartRef: "fixtures/webapp",
    chartVersion: "1.1.0",
    set: { replicaCount: 3, "auth.password": "REDACTED" },
    valuesDiff: [
      { path: "auth.password", change: "changed", before: "REDACTED", after: "REDACTED" },
      { path: "replicaCount", change: "changed", before: 2, after: 3 },
    ],
    manifestDiff: {
      added: [],
      removed: [],
      changed: [
        {
          apiVersion: "v1",
          kind: "Secret",
          namespace: NS,
          name: "web-auth",
          paths: ["stringData.PASSWORD"],
          morePaths: 0,
        },
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          namespace: NS,
          name: "web",
          paths: ["spec.replicas"],
          morePaths: 0,
        },
      ],
      unchanged: 2,
      imageChanges: [],
    },
    hooks: [],
  },
};

export function record(plan: Plan, overrides: Partial<PlanRecord> = {}): PlanRecord {
  return {
    id: "pKq3xY7wZt2a",
    plan,
    context: {
      channel: "C0SHOPTEAM",
      threadTs: "1777636800.000100",
      messageTs: "1777636801.000200",
      requester: "U0ALICE",
      source: "mention",
    },
    state: "awaiting_approval",
    createdAt: "2026-05-01T12:00:00.000Z",
    expiresAt: "2026-05-01T13:00:00.000Z",
    decision: null,
    startedAt: null,
    execution: null,
    ...overrides,
  };
}

export const approved = {
  verdict: "approved" as const,
  by: "U0BOB",
  at: "2026-05-01T12:05:00.000Z",
};

export const refusal: PlanRefusal = {
  kind: "refusal",
  code: "dry_run_rejected",
  operation: "upgrade",
  release: { name: "web", namespace: NS },
  reason:
    "The dry-run of webapp 2.0.0 was rejected: values don't meet the specifications of the schema(s) in the following chart(s): webapp: - at '/replicaCount': false schema.",
  suggestions: [
    "webapp 2.0.0 renamed replicaCount to replicas: move your value (helm upgrade … --set replicas=<value> --set replicaCount=null), then ask again",
    "upgrade web to 1.2.0 (the newest 1.x)",
  ],
  detail:
    "Error: UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):\nwebapp:\n- at '/replicaCount': false schema",
};

export const statusDetail: ReleaseDetail = {
  name: "web",
  namespace: NS,
  version: 2,
  info: {
    first_deployed: "2026-05-01T09:00:00.1Z",
    last_deployed: "2026-05-01T10:00:00.1Z",
    description: "Upgrade complete",
    status: "deployed",
  },
  chart: { metadata: { name: "webapp", version: "1.1.0", appVersion: "1.1.0" } },
  config: { auth: { password: "hunter2" }, replicaCount: 2 },
};

export const historyEntries: HistoryEntry[] = [
  {
    revision: 1,
    updated: "2026-05-01T09:00:00.1Z",
    status: "superseded",
    chart: "webapp-1.1.0",
    app_version: "1.1.0",
    description: "Install complete",
  },
  {
    revision: 2,
    updated: "2026-05-01T10:00:00.1Z",
    status: "superseded",
    chart: "webapp-1.2.0",
    app_version: "1.2.0",
    description: "Upgrade complete",
  },
  {
    revision: 3,
    updated: "2026-05-01T11:00:00.1Z",
    status: "failed",
    chart: "webapp-1.2.0",
    app_version: "1.2.0",
    description: 'Upgrade "web" failed: context deadline exceeded',
  },
];

export const manifest = `---
# Source: webapp/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-auth
type: Opaque
stringData:
  PASSWORD: "hunter2"
---
# Source: webapp/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: "registry.example.com/webapp:1.1.0"
          env:
            - name: DB_PASSWORD
              value: "hunter2"
`;

const startedAt = "2026-05-01T12:05:02.000Z";

export const succeeded: ExecutionReport = {
  outcome: "succeeded",
  startedAt,
  finishedAt: "2026-05-01T12:05:41.000Z",
  argv: upgradePlan.command.argv,
  output: "",
  error: null,
  validation: {
    healthy: true,
    releaseStatus: "deployed",
    revision: 3,
    workloads: [
      {
        kind: "Deployment",
        name: "web",
        desired: 2,
        ready: 2,
        updated: 2,
        healthy: true,
        problems: [],
      },
    ],
    events: [],
    logs: [],
    checkedAt: "2026-05-01T12:05:40.000Z",
    waitedSeconds: 12,
  },
  rollbackPlanId: null,
  note: null,
};

export const failed: ExecutionReport = {
  outcome: "failed",
  startedAt,
  finishedAt: "2026-05-01T12:10:04.000Z",
  argv: upgradePlan.command.argv,
  output: "",
  error: {
    code: "helm_timeout",
    message: "helm timed out after 300s.",
    stderrHead:
      "Error: UPGRADE FAILED: resource Deployment/shop/web not ready. status: InProgress, message: Available: 0/2\ncontext deadline exceeded",
  },
  validation: {
    healthy: false,
    releaseStatus: "failed",
    revision: 3,
    workloads: [
      {
        kind: "Deployment",
        name: "web",
        desired: 2,
        ready: 0,
        updated: 2,
        healthy: false,
        problems: [
          "web-7d9c5b8f4-abcde: CrashLoopBackOff (5 restarts)",
          "web-7d9c5b8f4-fghij: CrashLoopBackOff (4 restarts)",
        ],
      },
    ],
    events: [
      "Back-off restarting failed container web in pod web-7d9c5b8f4-abcde (x14)",
      "Readiness probe failed: connection refused",
    ],
    logs: [
      {
        pod: "web-7d9c5b8f4-abcde",
        container: "web",
        text: "starting webapp 1.2.0\npanic: DATABASE_URL is not set\n",
      },
    ],
    checkedAt: "2026-05-01T12:10:03.000Z",
    waitedSeconds: 0,
  },
  rollbackPlanId: "rB7vT0kLm3Qa",
  note: null,
};

export const stale: ExecutionReport = {
  outcome: "stale",
  startedAt,
  finishedAt: startedAt,
  argv: upgradePlan.command.argv,
  output: "",
  error: null,
  validation: null,
  rollbackPlanId: null,
  note: "web is at revision 4 now (the plan was made against revision 2): someone changed it. Ask again for a fresh plan.",
};
