import { describe, expect, it } from "vitest";
import { HelmInvalidInputError } from "../../../src/helm/helm-errors.ts";
import { plannedCommand, redactArgv } from "../../../src/plan/planned-command.ts";

describe("plannedCommand", () => {
  it("builds the exact argv with values as --set flags and no temp-file path", () => {
    const command = plannedCommand(
      {
        kind: "upgrade",
        release: { name: "web", namespace: "shop" },
        chart: "fixtures/webapp",
        version: "1.0.0",
        valuesStrategy: "reuse",
        set: { replicaCount: 3, "ingress.host": "a,b" },
        wait: true,
        timeoutSeconds: 300,
      },
      4,
    );
    expect(command.argv).toEqual([
      "upgrade",
      "web",
      "--namespace",
      "shop",
      "fixtures/webapp",
      "--version",
      "1.0.0",
      "--reuse-values",
      "--set",
      "replicaCount=3",
      "--set-string",
      "ingress.host=a\\,b",
      "--wait",
      "--timeout",
      "300s",
      "--output",
      "json",
    ]);
    expect(command.display).toBe(
      "helm upgrade web --namespace shop fixtures/webapp --version 1.0.0 --reuse-values --set replicaCount=3 --set-string 'ingress.host=a\\,b' --wait --timeout 300s --output json",
    );
  });

  it("shows the command with the values of sensitive keys redacted", () => {
    expect(
      redactArgv([
        "--set-string",
        "auth.password=hunter2",
        "--set",
        "replicas=2",
        "--set-string",
        "url=postgres://u:p@db/x",
      ]),
    ).toEqual([
      "--set-string",
      "auth.password=REDACTED",
      "--set",
      "replicas=2",
      "--set-string",
      "url=REDACTED",
    ]);
  });

  it("validates before building: nothing typed becomes a flag", () => {
    expect(() =>
      plannedCommand({ kind: "rollback", release: { name: "--help", namespace: "shop" } }, 4),
    ).toThrow(HelmInvalidInputError);
  });

  it("refuses a dry run as a plan's command", () => {
    expect(() =>
      plannedCommand(
        { kind: "uninstall", release: { name: "web", namespace: "shop" }, dryRun: true },
        4,
      ),
    ).toThrow(/dry run/);
  });
});
