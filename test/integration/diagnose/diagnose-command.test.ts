// `wheelhouse diagnose` as a person runs it, against the real cluster: the contract's JSON, a
// snapshot saved without the chart's secret, and the same diagnosis from that file offline.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { BROKEN_STATES } from "./broken-releases.ts";

const MAIN = join(import.meta.dirname, "..", "..", "..", "src", "cli", "main.ts");

function wheelhouse(args: string[]) {
  return execa(process.execPath, [MAIN, "diagnose", ...args], {
    env: {
      KUBECONFIG: env.kubeconfig,
      HELM_BIN: env.helm4Bin,
      KUBECTL_BIN: env.kubectlBin,
      GEMINI_API_KEY: "",
    },
    reject: false,
    timeout: 60_000,
  });
}

describe("wheelhouse diagnose on the cluster", () => {
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("diag-cli");
    await BROKEN_STATES["crash-loop after upgrade"](helm, env.helm4Bin, { name: "web", namespace });
  });
  afterAll(() => deleteNamespace(namespace));

  it("prints the diagnosis as JSON, saves the snapshot redacted, and reproduces it offline", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "wheelhouse-diag-")), "web.json");
    const live = await wheelhouse(["--json", "web", "-n", namespace, "--save-snapshot", file]);
    expect(live.exitCode, live.stderr).toBe(0);
    const json = JSON.parse(live.stdout);
    expect(json.findings[0]).toMatchObject({ code: "crash-loop", severity: "critical" });
    expect(json.recommendation).toMatchObject({ operation: "rollback", targetRevision: 1 });

    const saved = await readFile(file, "utf8");
    expect(saved).toContain('"format": "wheelhouse.release-snapshot/v1"');
    expect(saved).not.toContain("diag-s3cr3t");
    const offline = await wheelhouse(["--json", "--snapshot", file]);
    expect(offline.exitCode, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toEqual(json);
  });

  it("exits 3 for a release that does not exist", async () => {
    const result = await wheelhouse(["nothing-here", "-n", namespace]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe(
      `nothing-here in ${namespace}: no such release\nchecked: helm status: no release nothing-here in ${namespace}`,
    );
  });
});
