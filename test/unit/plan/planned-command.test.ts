import { describe, expect, it } from "vitest";
import { HelmInvalidInputError } from "../../../src/model/helm-errors.ts";
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

  it("hides an env entry's value when its name is a secret, and values shaped like one", () => {
    expect(
      redactArgv([
        "--set",
        "extraEnv[0].value=v4lue-1",
        "--set-string",
        "extraEnv[0].name=DB_PASSWORD",
        "--set-string",
        "notify=https://hooks.slack.com/services/T0/B0/abcdefghijklmnop1234",
      ]),
    ).toEqual([
      "--set",
      "extraEnv[0].value=REDACTED",
      "--set-string",
      "extraEnv[0].name=DB_PASSWORD",
      "--set-string",
      "notify=REDACTED",
    ]);
  });

  it("never repeats a refused value in the error", () => {
    const refuse = () =>
      plannedCommand(
        {
          kind: "upgrade",
          release: { name: "web", namespace: "shop" },
          chart: "fixtures/webapp",
          valuesStrategy: "reuse",
          set: { "auth.password": "-refused-s3cret" },
        },
        4,
      );
    expect(refuse).toThrow(HelmInvalidInputError);
    expect(refuse).not.toThrow(/refused-s3cret/);
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
