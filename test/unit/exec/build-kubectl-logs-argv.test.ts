import { describe, expect, it } from "vitest";
import { buildKubectlLogsArgv } from "../../../src/kube/kubectl-logs.ts";

describe("buildKubectlLogsArgv", () => {
  const query = {
    namespace: "shop",
    pod: "web-745bf5cbdf-sfl6n",
    container: "web",
    previous: true,
    lines: 20,
  };

  it("asks for the tail of one container, the previous instance when it crashed", () => {
    expect(buildKubectlLogsArgv(query)).toEqual([
      "logs",
      "web-745bf5cbdf-sfl6n",
      "--namespace",
      "shop",
      "--container",
      "web",
      "--tail",
      "20",
      "--previous",
      "--request-timeout=30s",
    ]);
    expect(buildKubectlLogsArgv({ ...query, previous: false })).not.toContain("--previous");
  });

  it("refuses anything that could become a flag or another object", () => {
    expect(() => buildKubectlLogsArgv({ ...query, pod: "--all-containers" })).toThrow(
      /Refused pod/,
    );
    expect(() => buildKubectlLogsArgv({ ...query, container: "-c" })).toThrow(/Refused container/);
    expect(() => buildKubectlLogsArgv({ ...query, namespace: "Shop" })).toThrow(
      /Refused namespace/,
    );
    expect(() => buildKubectlLogsArgv({ ...query, lines: 0 })).toThrow(/Refused lines/);
  });
});
