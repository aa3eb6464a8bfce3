// Which environments let the Slack reads come from the Secrets the kube reader lists: only those
// where helm itself reads the same Secrets, as the same user on the same cluster.
import { describe, expect, it } from "vitest";
import { helmReadsTheseRecords } from "../../../src/slack/reads-from-records.ts";

describe("helmReadsTheseRecords", () => {
  it("is true for helm's default driver in each of its spellings", () => {
    for (const HELM_DRIVER of [undefined, "", "secret", "secrets"]) {
      expect(helmReadsTheseRecords({ HELM_DRIVER, PATH: "/bin" }), String(HELM_DRIVER)).toBe(true);
    }
  });

  it("is false for a driver that keeps no Secrets", () => {
    for (const HELM_DRIVER of ["configmap", "configmaps", "memory", "sql", "Secret"]) {
      expect(helmReadsTheseRecords({ HELM_DRIVER }), HELM_DRIVER).toBe(false);
    }
  });

  it("is false when helm is pointed at another context, server or identity", () => {
    for (const name of [
      "HELM_KUBECONTEXT",
      "HELM_KUBETOKEN",
      "HELM_KUBEAPISERVER",
      "HELM_KUBEASUSER",
    ]) {
      expect(helmReadsTheseRecords({ [name]: "other" }), name).toBe(false);
      expect(helmReadsTheseRecords({ [name]: "" }), `${name} empty`).toBe(true);
    }
  });
});
