// Patterns of the charts platform teams run, each reproduced by a fixture chart of our own, planned
// on the real cluster with helm 4 and helm 3: objects in several namespaces and cluster-wide,
// hooks of every event, and fields Kubernetes will not change in place.
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { Intent } from "../../../src/model/intent.ts";
import { renderPlanChanges } from "../../../src/render/render-plan-changes.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm, HELM_BINARIES } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "./plan-test-support.ts";

describe.each(HELM_BINARIES)("real chart patterns ($label)", ({ bin, major }) => {
  let helm: HelmClient;
  let namespace: string;
  const installed: string[] = [];
  const plan = async (request: Intent) =>
    makePlan({
      intent: request,
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
    });
  const install = async (name: string, chart: string, version: string) => {
    await helm.mutate({
      kind: "install",
      release: { name, namespace },
      chart: `fixtures/${chart}`,
      version,
      wait: false,
      timeoutSeconds: 90,
    });
    installed.push(name);
  };

  beforeAll(async () => {
    helm = await createTestHelm(bin, inject("chartRepoUrl"));
    namespace = await createNamespace(`real-h${major}`);
  });
  // Uninstalled, not only the namespace deleted: these charts leave objects in kube-system and
  // cluster-wide.
  afterAll(async () => {
    for (const name of installed)
      await helm.mutate({ kind: "uninstall", release: { name, namespace }, keepHistory: false });
    await deleteNamespace(namespace);
  });

  it("checks each object in its own namespace, and lists the ones outside the release's", async () => {
    await install("spread", "spread", "1.0.0");
    const outcome = await plan(intent("upgrade", "spread", namespace, { targetVersion: "1.1.0" }));
    if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
      throw new Error(JSON.stringify(outcome));
    // Every rendered object, the kube-system Role and the cluster-wide ones included (the
    // chart labels each with its version, so each one changes).
    expect(outcome.dryRun.apiServerAccepted).toBe(10);
    const target = outcome.upgrade.manifestDiff.target;
    expect(target?.byNamespace).toEqual([
      { namespace, count: 3 },
      { namespace: "kube-system", count: 3 },
      { namespace: null, count: 4 },
    ]);
    const global = `${namespace}-spread`;
    expect(target?.elsewhere).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "Role",
          namespace: "kube-system",
          name: `${global}-leader`,
        }),
        expect.objectContaining({ kind: "ClusterRole", namespace: null, name: `${global}-reader` }),
        expect.objectContaining({ kind: "IngressClass", namespace: null, name: global }),
        expect.objectContaining({ kind: "ValidatingWebhookConfiguration", namespace: null }),
      ]),
    );
    expect(outcome.upgrade.manifestDiff.added).toEqual([
      expect.objectContaining({ kind: "ConfigMap", namespace: "kube-system" }),
    ]);
    const shown = JSON.stringify(renderPlanChanges(outcome));
    expect(shown).toContain("Outside the release's namespace");
    expect(shown).toContain("(cluster-scoped)");

    const uninstall = await plan(intent("uninstall", "spread", namespace));
    if (uninstall.kind !== "plan" || uninstall.operation !== "uninstall")
      throw new Error(JSON.stringify(uninstall));
    expect(uninstall.uninstall.deletesSummary?.byNamespace).toEqual([
      { namespace, count: 3 },
      { namespace: "kube-system", count: 2 },
      { namespace: null, count: 4 },
    ]);
    const deletes = JSON.stringify(renderPlanChanges(uninstall));
    expect(deletes).toContain("Where: ");
    expect(deletes).toContain("2 in kube-system, 4 cluster-scoped");
    expect(deletes).toContain(`🌐 ClusterRole "},{"kind":"code","text":"${global}-reader`);
  });

  it("names the hooks an upgrade and an uninstall run, in order, and never the test hooks", async () => {
    await install("life", "lifecycle", "1.0.0");
    const upgrade = await plan(intent("upgrade", "life", namespace, { targetVersion: "1.1.0" }));
    if (upgrade.kind !== "plan" || upgrade.operation !== "upgrade")
      throw new Error(JSON.stringify(upgrade));
    expect(
      upgrade.upgrade.hooks.map((h) => [h.name, h.events, h.weight, h.deletePolicies]),
    ).toEqual([
      ["life-schema-migrate", ["pre-upgrade"], -5, ["before-hook-creation", "hook-succeeded"]],
      ["life-cache-warm", ["pre-upgrade"], 10, []],
      ["life-announce", ["post-upgrade"], 0, ["hook-succeeded"]],
    ]);
    const risks = upgrade.risk.reasons.map((r) => r.text).join("\n");
    expect(risks).toContain(
      "hook pre-upgrade ConfigMap life-schema-migrate (weight -5, replaced on the next run, deleted when it succeeds) runs; if it fails, the change stops before any object is touched",
    );
    expect(risks).toContain("post-upgrade ConfigMap life-announce");
    expect(risks).toMatch(/life-announce.*the objects are already changed/);
    expect(risks).not.toMatch(/smoke|rollback|pre-delete|post-delete/);

    const uninstall = await plan(intent("uninstall", "life", namespace));
    if (uninstall.kind !== "plan" || uninstall.operation !== "uninstall")
      throw new Error(JSON.stringify(uninstall));
    expect(uninstall.uninstall.hooks.map((h) => h.name)).toEqual(["life-drain", "life-cleanup"]);
    expect(JSON.stringify(uninstall.risk)).toContain(
      "the uninstall stops before anything is deleted",
    );
    expect(JSON.stringify(uninstall.risk)).not.toContain("smoke");
  });

  it("refuses an upgrade that changes immutable fields, with the remedy for each object", async () => {
    await install("pin", "pinned", "1.0.0");
    const outcome = await plan(intent("upgrade", "pin", namespace, { targetVersion: "1.1.0" }));
    if (outcome.kind !== "refusal") throw new Error(JSON.stringify(outcome));
    expect(outcome.code).toBe("immutable_field");
    expect(outcome.reason).toContain("Deployment pin-api (spec.selector)");
    expect(outcome.reason).toContain("StatefulSet pin-db");
    expect(outcome.reason).toContain("Job pin-seed (spec.template)");
    expect(outcome.suggestions).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `kubectl delete deployment pin-api -n ${namespace} --cascade=orphan`,
        ),
        expect.stringContaining(
          `kubectl delete statefulset pin-db -n ${namespace} --cascade=orphan`,
        ),
        expect.stringContaining(`kubectl delete job pin-seed -n ${namespace}`),
      ]),
    );
  });
  it("warns of a CRD new in crds/, and counts the custom resources a dropped CRD takes along", async () => {
    await install("giz", "gizmos", "1.0.0");
    const group = `${namespace}.wheelhouse.test`;
    const sprockets = ["a", "b"].map(
      (name) =>
        `apiVersion: ${group}/v1\nkind: Sprocket\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`,
    );
    await execa(env.kubectlBin, ["--kubeconfig", env.kubeconfig, "apply", "-f", "-"], {
      input: sprockets.join("---\n"),
    });
    const outcome = await plan(intent("upgrade", "giz", namespace, { targetVersion: "1.1.0" }));
    if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
      throw new Error(JSON.stringify(outcome));
    expect(outcome.warnings).toContainEqual(
      expect.stringMatching(
        /^CRD widgetries\.gizmos\.wheelhouse\.test is new in the crds\/ directory of 1\.1\.0.*helm show crds fixtures\/gizmos --version 1\.1\.0 \| kubectl apply --server-side -f -$/,
      ),
    );
    expect(outcome.warnings.join("\n")).not.toContain("gizmos.gizmos.wheelhouse.test is new");
    expect(outcome.upgrade.crds).toEqual([
      expect.objectContaining({
        name: `sprockets.${group}`,
        fate: "deleted",
        customResources: [
          { namespace, name: "a", inRelease: false },
          { namespace, name: "b", inRelease: false },
        ],
      }),
    ]);
    expect(outcome.risk.level).toBe("high");
    expect(outcome.risk.reasons[0]?.text).toBe(
      `deletes CRD sprockets.${group} and with it every Sprocket in the cluster (2 now)`,
    );
  });

  it("warns that a chart is deprecated, with where its description says it moved", async () => {
    await install("old", "retired", "1.0.0");
    const outcome = await plan(intent("upgrade", "old", namespace, { targetVersion: "1.1.0" }));
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    expect(outcome.warnings).toContainEqual(
      expect.stringContaining(
        'retired 1.1.0 is marked deprecated by its maintainers (Chart.yaml): it gets no more fixes from this repository, and newer versions may be published elsewhere. Its description says: "DEPRECATED: moved to oci://registry.example.com/charts/retired".',
      ),
    );
  });
});
