import { describe, expect, it } from "vitest";
import { buildHelmArgv, formatHelmCommand } from "../../../src/model/build-helm-argv.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";

const release = { name: "webapp", namespace: "staging" };
const helm4 = { helmMajor: 4 } as const;
const helm3 = { helmMajor: 3 } as const;

describe("buildHelmArgv", () => {
  it("lists every status in all namespaces unless narrowed", () => {
    expect(buildHelmArgv({ kind: "list" }, helm4)).toEqual([
      "list",
      "--all-namespaces",
      "--deployed",
      "--failed",
      "--pending",
      "--superseded",
      "--uninstalled",
      "--uninstalling",
      "--max",
      "0",
      "--output",
      "json",
    ]);
    expect(
      buildHelmArgv({ kind: "list", namespace: "cache", statusFilter: "failed" }, helm4),
    ).toEqual(["list", "--namespace", "cache", "--failed", "--max", "0", "--output", "json"]);
  });

  it("asks for JSON from every read that can print it", () => {
    expect(buildHelmArgv({ kind: "status", release }, helm4)).toEqual([
      "status",
      "webapp",
      "--namespace",
      "staging",
      "--output",
      "json",
    ]);
    expect(buildHelmArgv({ kind: "history", release }, helm4)).toContain("json");
    expect(buildHelmArgv({ kind: "get-values", release, all: true, revision: 3 }, helm4)).toEqual([
      "get",
      "values",
      "webapp",
      "--namespace",
      "staging",
      "--all",
      "--revision",
      "3",
      "--output",
      "json",
    ]);
    expect(buildHelmArgv({ kind: "search-repo", chart: "fixtures/webapp" }, helm4)).toEqual([
      "search",
      "repo",
      "fixtures/webapp",
      "--versions",
      "--output",
      "json",
    ]);
  });

  it("uses --rollback-on-failure on helm 4 and --atomic on helm 3", () => {
    const op = {
      kind: "upgrade",
      release,
      chart: "fixtures/webapp",
      valuesStrategy: "reuse",
      rollbackOnFailure: true,
    } as const;
    expect(buildHelmArgv(op, helm4)).toContain("--rollback-on-failure");
    expect(buildHelmArgv(op, helm4)).not.toContain("--atomic");
    expect(buildHelmArgv(op, helm3)).toContain("--atomic");
  });

  it("builds an upgrade with version, values strategy, values file, sets, wait and server dry-run", () => {
    const argv = buildHelmArgv(
      {
        kind: "upgrade",
        release,
        chart: "fixtures/webapp",
        version: "1.1.0",
        valuesStrategy: "reset-then-reuse",
        values: { a: 1 },
        set: { replicaCount: 3, "ingress.enabled": true, "ingress.host": "a,b{c}" },
        wait: true,
        timeoutSeconds: 90,
        dryRun: true,
      },
      { helmMajor: 4, valuesFile: "/tmp/v.json" },
    );
    expect(argv).toEqual([
      "upgrade",
      "webapp",
      "--namespace",
      "staging",
      "fixtures/webapp",
      "--version",
      "1.1.0",
      "--reset-then-reuse-values",
      "--values",
      "/tmp/v.json",
      "--set",
      "replicaCount=3",
      "--set",
      "ingress.enabled=true",
      "--set-string",
      "ingress.host=a\\,b\\{c\\}",
      "--wait",
      "--timeout",
      "90s",
      "--dry-run=server",
      "--disable-openapi-validation",
      "--output",
      "json",
    ]);
  });

  it("dry-runs a rollback on the server with helm 4 and client-side with helm 3", () => {
    const op = { kind: "rollback", release, revision: 2, dryRun: true } as const;
    expect(buildHelmArgv(op, helm4)).toEqual([
      "rollback",
      "webapp",
      "2",
      "--namespace",
      "staging",
      "--dry-run=server",
    ]);
    expect(buildHelmArgv(op, helm3)).toEqual([
      "rollback",
      "webapp",
      "2",
      "--namespace",
      "staging",
      "--dry-run",
    ]);
  });

  it("rolls back to the previous revision when none is given", () => {
    expect(buildHelmArgv({ kind: "rollback", release }, helm4)).toEqual([
      "rollback",
      "webapp",
      "--namespace",
      "staging",
    ]);
  });

  it("offers --keep-history and dry-run on uninstall", () => {
    expect(
      buildHelmArgv({ kind: "uninstall", release, keepHistory: true, dryRun: true }, helm4),
    ).toEqual(["uninstall", "webapp", "--namespace", "staging", "--keep-history", "--dry-run"]);
  });

  it("refuses to build values arguments without a file to put them in", () => {
    expect(() =>
      buildHelmArgv(
        { kind: "install", release, chart: "fixtures/webapp", values: { a: 1 } },
        helm4,
      ),
    ).toThrow(/values file/);
  });
});

describe("formatHelmCommand", () => {
  it("prints a command a person can paste into a shell", () => {
    expect(formatHelmCommand(["upgrade", "webapp", "--set-string", "a=it's here"])).toBe(
      "helm upgrade webapp --set-string 'a=it'\\''s here'",
    );
  });
});

describe("impersonation", () => {
  const shop = { name: "web", namespace: "shop" };
  const alice = { user: "alice@example.com", groups: ["team-shop", "oidc:sre"] };

  it("acts as the given user and groups with helm's --kube-as-user and --kube-as-group", () => {
    expect(
      buildHelmArgv(
        { kind: "rollback", release: shop, revision: 2, dryRun: true, impersonate: alice },
        { helmMajor: 4 },
      ),
    ).toEqual([
      "rollback",
      "web",
      "2",
      "--namespace",
      "shop",
      "--kube-as-user",
      "alice@example.com",
      "--kube-as-group",
      "team-shop",
      "--kube-as-group",
      "oidc:sre",
      "--dry-run=server",
    ]);
    const upgrade = buildHelmArgv(
      {
        kind: "upgrade",
        release: shop,
        chart: "repo/web",
        valuesStrategy: "reuse",
        impersonate: alice,
      },
      { helmMajor: 4 },
    );
    expect(upgrade.slice(-6, -2)).toEqual([
      "--kube-as-group",
      "team-shop",
      "--kube-as-group",
      "oidc:sre",
    ]);
  });

  it("refuses an impersonated name that starts with '-' before any argv is built", () => {
    for (const impersonate of [
      { user: "--kubeconfig=/etc/admin", groups: [] },
      { user: "alice", groups: ["-system:masters"] },
    ]) {
      expect(() =>
        validateHelmOperation({ kind: "uninstall", release: shop, impersonate }),
      ).toThrow(/cannot start with '-'/);
    }
  });
});
