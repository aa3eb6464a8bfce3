// What the execution report keeps of helm's answer: the new state and NOTES, never the values.
import { describe, expect, it } from "vitest";
import { reportError, summariseHelmOutput } from "../../../src/exec/summarise-helm-output.ts";
import { HelmTimeoutError } from "../../../src/model/helm-errors.ts";

describe("summariseHelmOutput", () => {
  it("keeps the release's new state and notes, not the JSON with its values", () => {
    const stdout = JSON.stringify({
      name: "web",
      config: { auth: { password: "s3cr3t-default" } },
    });
    const output = summariseHelmOutput({
      argv: ["upgrade"],
      stdout,
      release: {
        name: "web",
        namespace: "shop",
        version: 4,
        info: {
          status: "deployed",
          description: "Upgrade complete",
          notes: "Visit http://web.shop\nadmin password: s3cr3t-default",
        },
        chart: { metadata: { name: "webapp", version: "1.1.0" } },
      },
    });
    expect(output).toBe(
      "web: revision 4, deployed, chart webapp-1.1.0 (Upgrade complete)\nNOTES:\nVisit http://web.shop\nadmin password: REDACTED",
    );
  });

  it("keeps helm's sentence for rollback and uninstall, truncated", () => {
    expect(
      summariseHelmOutput({
        argv: ["rollback"],
        stdout: "Rollback was a success! Happy Helming!\n",
        release: undefined,
      }),
    ).toBe("Rollback was a success! Happy Helming!");
    const long = summariseHelmOutput({
      argv: ["uninstall"],
      stdout: "x".repeat(5000),
      release: undefined,
    });
    expect(long).toHaveLength(2000 + "\n… (truncated)".length);
  });
});

describe("reportError", () => {
  it("keeps the code, the message and the head of stderr, credentials hidden", () => {
    const error = new HelmTimeoutError(300_000, {
      command: ["helm", "upgrade"],
      stderr:
        "Error: UPGRADE FAILED: context deadline exceeded\nurl: https://admin:hunter2@charts.example.com",
    });
    expect(reportError(error)).toEqual({
      code: "helm_timeout",
      message: "helm timed out after 300s.",
      stderrHead: "Error: UPGRADE FAILED: context deadline exceeded\nurl: REDACTED",
    });
    expect(reportError(new Error("boom"))).toEqual({
      code: "unexpected_error",
      message: "boom",
      stderrHead: "",
    });
  });
});
