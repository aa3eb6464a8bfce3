import { describe, expect, it } from "vitest";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import type { Intent } from "../../../src/model/intent.ts";
import { loadInventory } from "./fixtures.ts";

const inventory = loadInventory("inventory.json");
const read = (text: string): Intent => analyzeRules(text, inventory).intent;
const ref = (name: string, namespace: string) => ({ name, namespace });

describe("analyzeRules", () => {
  describe("operations", () => {
    it.each([
      ["upgrade kafka", "upgrade"],
      ["bump kafka", "upgrade"],
      ["update kafka to 31.1.0", "upgrade"],
      ["get kafka on 31.1.0", "upgrade"],
      ["move kafka to 31.1.0", "upgrade"],
      ["rollback kafka", "rollback"],
      ["revert kafka", "rollback"],
      ["undo kafka", "rollback"],
      ["go back on kafka", "rollback"],
      ["roll back kafka", "rollback"],
      ["roll kafka back", "rollback"],
      ["uninstall kafka", "uninstall"],
      ["remove kafka", "uninstall"],
      ["delete kafka", "uninstall"],
      ["nuke kafka", "uninstall"],
      ["tear down kafka", "uninstall"],
      ["status of kafka", "status"],
      ["is kafka healthy?", "status"],
      ["how is kafka doing", "status"],
      ["history of kafka", "history"],
      ["revisions of kafka", "history"],
      ["values of kafka", "values"],
      ["config of kafka", "values"],
      ["manifest of kafka", "manifest"],
      ["what does kafka deploy", "manifest"],
      ["rendered yaml for kafka", "manifest"],
      ["what's running in streaming", "list"],
      ["show releases", "list"],
      ["helm ls", "list"],
      ["enable ingress on kafka", "set-values"],
      ["scale kafka to 3 replicas", "set-values"],
      ["why is kafka failing", "diagnose"],
      ["kafka is stuck", "diagnose"],
      ["kafka broke", "diagnose"],
      ["kafka is crashlooping", "diagnose"],
      ["check kafka", "diagnose"],
      ["help", "help"],
      ["good morning everyone", "unknown"],
    ])("reads %j as %s", (text, operation) => {
      expect(read(text).operation).toBe(operation);
    });

    it("treats 'nuke X' as uninstall", () => {
      expect(read("nuke velero")).toMatchObject({
        operation: "uninstall",
        release: ref("velero", "velero"),
      });
    });

    it("lets an imperative verb win over a symptom: 'kafka is broken, roll it back'", () => {
      expect(read("kafka is broken, roll it back").operation).toBe("rollback");
    });

    it("reads an action used as a noun as context: 'tempo broke after the upgrade'", () => {
      expect(read("tempo broke after the upgrade").operation).toBe("diagnose");
    });

    it("does not act on a negated verb: 'don't uninstall kafka'", () => {
      expect(read("don't uninstall kafka").operation).not.toBe("uninstall");
    });

    it("reads a bare release name as a status question", () => {
      expect(read("kafka?")).toMatchObject({
        operation: "status",
        release: ref("kafka", "streaming"),
      });
    });

    it("reads a version without a verb as an upgrade: 'kafka 31.1.0 please'", () => {
      expect(read("kafka 31.1.0 please")).toMatchObject({
        operation: "upgrade",
        targetVersion: "31.1.0",
      });
    });

    it("refuses installs with a question instead of guessing", () => {
      const intent = read("install mongodb in staging");
      expect(intent.operation).toBe("unknown");
      expect(intent.clarification).toMatch(/install/);
    });

    it("reads 'get X up to date' as an upgrade to the latest chart", () => {
      expect(read("get vault up to date")).toMatchObject({
        operation: "upgrade",
        targetVersion: "latest",
      });
      expect(read("is vault up to date?").operation).toBe("status");
    });

    it("answers 'how do I roll back?' with help", () => {
      expect(read("how do I roll back?").operation).toBe("help");
    });

    it("reads questions about past actions as status: 'was loki upgraded?'", () => {
      expect(read("was loki upgraded?").operation).toBe("status");
    });

    it("turns 'what is failing?' about no release into a list of failed releases", () => {
      expect(read("what's failing?")).toMatchObject({ operation: "list", statusFilter: "failed" });
    });
  });

  describe("typos", () => {
    it.each([
      ["upgarde kafka", "upgrade"],
      ["rolback kafka", "rollback"],
      ["unistall kafka", "uninstall"],
      ["staus of kafka", "status"],
      ["histroy of kafka", "history"],
      ["manfiest of kafka", "manifest"],
    ])("corrects %j to %s", (text, operation) => {
      expect(read(text)).toMatchObject({ operation, release: ref("kafka", "streaming") });
    });

    it("never turns 'install' into 'uninstall'", () => {
      expect(read("install kafka").operation).not.toBe("uninstall");
    });

    it("finds a release from a small typo in its name", () => {
      expect(read("rollback grafna").release).toEqual(ref("grafana", "monitoring"));
      expect(read("status of kafak").release).toEqual(ref("kafka", "streaming"));
    });
  });

  describe("CLI syntax", () => {
    it("reads '/helm rollback argocd 3 -n argocd'", () => {
      expect(read("/helm rollback argocd 3 -n argocd")).toMatchObject({
        operation: "rollback",
        release: ref("argocd", "argocd"),
        targetRevision: 3,
      });
    });

    it("reads '--version' and '--namespace=x'", () => {
      expect(read("upgrade webapp --version 1.6.1 --namespace=staging")).toMatchObject({
        operation: "upgrade",
        release: ref("webapp", "staging"),
        targetVersion: "1.6.1",
      });
    });

    it("reads '--set a.b=3,c=d' with typed values", () => {
      expect(
        read("upgrade redis --set replica.replicaCount=3,auth.enabled=false,mode=standalone"),
      ).toMatchObject({
        operation: "set-values",
        release: ref("redis", "databases"),
        set: { "replica.replicaCount": 3, "auth.enabled": false, mode: "standalone" },
      });
    });

    it("reads 'helm ls -n cache' and 'helm list --failed'", () => {
      expect(read("helm ls -n cache")).toMatchObject({ operation: "list", namespace: "cache" });
      expect(read("helm list --failed")).toMatchObject({
        operation: "list",
        statusFilter: "failed",
      });
    });

    it("strips a Slack mention and a leading helm", () => {
      expect(read("<@U123ABC> helm status kafka")).toMatchObject({
        operation: "status",
        release: ref("kafka", "streaming"),
      });
    });

    it("drops harmless flags silently", () => {
      expect(read("/helm rollback kafka 5 --wait --timeout 5m").clarification).toBeNull();
    });
  });

  describe("release matching", () => {
    it("finds a release by its chart name", () => {
      expect(read("upgrade postgresql").release).toEqual(ref("postgres", "databases"));
    });

    it("joins words with hyphens: 'external secrets'", () => {
      expect(read("status of external secrets").release).toEqual(
        ref("external-secrets", "security"),
      );
    });

    it('reads possessives and case: "Grafana\'s values"', () => {
      expect(read("Grafana's values")).toMatchObject({
        operation: "values",
        release: ref("grafana", "monitoring"),
      });
    });

    it("uses a unique prefix: 'rabbit'", () => {
      expect(read("status of rabbit").release).toEqual(ref("rabbitmq", "messaging"));
    });

    it("uses a unique part of a name: 'autoscaler'", () => {
      expect(read("autoscaler status").release).toEqual(ref("cluster-autoscaler", "kube-system"));
    });

    it("asks about an unknown release and suggests near names", () => {
      const intent = read("upgrade kafkaa-connect");
      expect(intent.release).toBeNull();
      expect(intent.clarification).toMatch(/can't find/);
    });
  });

  describe("namespace hints", () => {
    it.each([
      ["rollback webapp in prod", "production"],
      ["rollback webapp on stg", "staging"],
      ["rollback webapp -n development", "development"],
      ["rollback the dev webapp", "development"],
      ["rollback webapp in the staging namespace", "staging"],
    ])("reads %j as namespace %s", (text, namespace) => {
      expect(read(text).release).toEqual(ref("webapp", namespace));
    });

    it("asks when the release is not in the namespace named", () => {
      const intent = read("rollback kafka in production");
      expect(intent.release).toBeNull();
      expect(intent.candidates).toEqual([ref("kafka", "streaming")]);
      expect(intent.clarification).toBeTruthy();
    });

    it("keeps a list namespace that is not in the inventory when it is a valid name", () => {
      expect(read("list releases in payments")).toMatchObject({
        operation: "list",
        namespace: "payments",
      });
    });
  });

  describe("ambiguity", () => {
    it("offers every release of the same name when no namespace is given", () => {
      const intent = read("upgrade webapp");
      expect(intent.release).toBeNull();
      expect(intent.clarification).toMatch(/webapp/);
      expect(intent.candidates).toHaveLength(3);
    });

    it("refuses two releases in one request", () => {
      const intent = read("rollback kafka and redis");
      expect(intent.release).toBeNull();
      expect(intent.candidates).toEqual([ref("kafka", "streaming"), ref("redis", "databases")]);
    });

    it.each(["uninstall everything", "upgrade all releases", "rollback all in prod", "delete *"])(
      "refuses to widen %j to many releases",
      (text) => {
        const intent = read(text);
        expect(intent.release).toBeNull();
        expect(intent.clarification).toMatch(/one|single/);
      },
    );
  });

  describe("targets", () => {
    it.each([
      ["upgrade kafka to latest", "latest"],
      ["upgrade kafka to the newest version", "latest"],
      ["upgrade kafka to the most recent chart", "latest"],
      ["upgrade kafka to v31.1.0", "v31.1.0"],
      ["upgrade kafka from 31.0.2 to 31.1.0", "31.1.0"],
    ])("reads the version in %j as %s", (text, version) => {
      expect(read(text).targetVersion).toBe(version);
    });

    it.each([
      ["rollback kafka to revision 5", 5],
      ["rollback kafka to 5", 5],
      ["rollback kafka 5", 5],
      ["rollback kafka to rev 5", 5],
      ["rollback kafka", null],
      ["rollback kafka to the previous version", null],
      ["go back 3 revisions on kafka", 4],
    ])("reads the revision in %j as %s", (text, revision) => {
      expect(read(text).targetRevision).toBe(revision);
    });

    it("counts revisions back from the current one: 'roll back keycloak 2 revisions'", () => {
      expect(read("roll back keycloak 2 revisions").targetRevision).toBe(8);
      expect(read("roll back keycloak one revision").targetRevision).toBeNull();
    });

    it("reads list filters: failed, pending, deployed", () => {
      expect(read("any failed releases?").statusFilter).toBe("failed");
      expect(read("which releases are stuck").statusFilter).toBe("pending");
      expect(read("show deployed releases").statusFilter).toBe("deployed");
    });
  });

  describe("values", () => {
    it.each([
      ["enable ingress on grafana", { "ingress.enabled": true }],
      ["disable metrics on grafana", { "metrics.enabled": false }],
      ["set replicaCount=4 on grafana", { replicaCount: 4 }],
      ["scale grafana to 3 replicas", { replicaCount: 3 }],
      ["set image.tag to 11.3.1 on grafana", { "image.tag": "11.3.1" }],
      ['set grafana adminUser="ops team"', { adminUser: "ops team" }],
      ["set persistence.enabled=true on grafana", { "persistence.enabled": true }],
      ['set image.tag="4" on grafana', { "image.tag": "4" }],
    ])("reads %j as %j", (text, set) => {
      expect(read(text)).toMatchObject({
        operation: "set-values",
        release: ref("grafana", "monitoring"),
        set,
      });
    });

    it("asks for a value when none was given", () => {
      const intent = read("scale grafana");
      expect(intent.set).toBeNull();
      expect(intent.clarification).toBeTruthy();
    });

    it("asks instead of using an invalid key", () => {
      const intent = read("set a..b=3 on grafana");
      expect(intent.set).toBeNull();
      expect(intent.clarification).toBeTruthy();
    });
  });

  describe("settled", () => {
    it("is settled when the rules understood the message", () => {
      expect(analyzeRules("rollback kafka", inventory).settled).toBe(true);
    });

    it("is not settled for messages it cannot place", () => {
      expect(analyzeRules("please do the thing with the stuff", inventory).settled).toBe(false);
      expect(analyzeRules("upgrade elasticsearch", inventory).settled).toBe(false);
    });

    it("marks safety verdicts final", () => {
      expect(analyzeRules("uninstall everything", inventory).final).toBe(true);
      expect(analyzeRules("rollback kafka; rm -rf /", inventory).final).toBe(true);
    });
  });

  it("validates every answer against the Intent schema", () => {
    for (const text of ["", "   ", "?", "-", "--", "a".repeat(5000), "🔥🔥🔥", "\u0000\u0001"]) {
      expect(() => analyzeRules(text, inventory)).not.toThrow();
    }
  });
});
