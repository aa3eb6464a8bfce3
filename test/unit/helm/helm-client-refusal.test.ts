import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import { HelmInvalidInputError } from "../../../src/model/helm-errors.ts";

const recordingHelm = join(import.meta.dirname, "..", "..", "fixtures", "bin", "recording-helm");

describe("HelmClient on refused input", () => {
  let log: string;
  let helm: HelmClient;

  beforeEach(async () => {
    log = join(await mkdtemp(join(tmpdir(), "wheelhouse-rec-")), "calls.log");
    helm = await HelmClient.create({
      bin: recordingHelm,
      env: { RECORDING_HELM_LOG: log },
      timeoutMs: 5000,
    });
  });

  it("starts helm for valid input (the recorder works)", async () => {
    await helm.list({ namespace: "staging" });
    expect(await readFile(log, "utf8")).toContain("list --namespace staging");
  });

  it.each([
    [
      "status of a flag-shaped release",
      (h: HelmClient) => h.status({ name: "--help", namespace: "x" }),
    ],
    [
      "history in a namespace with a shell",
      (h: HelmClient) => h.history({ name: "a", namespace: "a;id" }),
    ],
    ["search for a command substitution", (h: HelmClient) => h.searchRepo("$(id)")],
    [
      "an upgrade with a post-renderer smuggled into a value",
      (h: HelmClient) =>
        h.mutate({
          kind: "upgrade",
          release: { name: "webapp", namespace: "prod" },
          chart: "fixtures/webapp",
          valuesStrategy: "reuse",
          set: { image: "--post-renderer=/bin/sh" },
        }),
    ],
    [
      "a rollback to revision 0",
      (h: HelmClient) =>
        h.mutate({ kind: "rollback", release: { name: "a", namespace: "b" }, revision: 0 }),
    ],
  ])("refuses %s without starting a process", async (_label, call) => {
    await expect(call(helm)).rejects.toBeInstanceOf(HelmInvalidInputError);
    expect(existsSync(log)).toBe(false);
  });

  it("detects the helm major version", () => {
    expect(helm.major).toBe(4);
    expect(helm.version).toBe("v4.1.4");
  });
});
