import { describe, expect, it, vi } from "vitest";
import {
  analyzeIntent,
  type IntentLogEntry,
  type IntentModel,
} from "../../../src/intent/analyze-intent.ts";
import { emptyIntent } from "../../../src/model/intent.ts";
import { loadInventory } from "./fixtures.ts";

const inventory = loadInventory("inventory.json");

function answering(answer: unknown): IntentModel & { calls: number } {
  const model = Object.assign(
    async () => {
      model.calls++;
      return answer;
    },
    { calls: 0 },
  );
  return model;
}

function logs() {
  const entries: IntentLogEntry[] = [];
  return { entries, log: (e: IntentLogEntry) => entries.push(e) };
}

describe("analyzeIntent", () => {
  it("works offline with the rules when no model is configured", async () => {
    const result = await analyzeIntent("rollback kafka", inventory);
    expect(result).toMatchObject({ source: "rules", intent: { operation: "rollback" } });
  });

  it("does not ask the model when the rules settle the message (rules-first)", async () => {
    const model = answering({
      operation: "uninstall",
      release: { name: "kafka", namespace: "streaming" },
    });
    const result = await analyzeIntent("status of kafka", inventory, { model });
    expect(model.calls).toBe(0);
    expect(result.intent.operation).toBe("status");
  });

  it("asks the model once when the rules cannot settle the message", async () => {
    const model = answering({
      operation: "diagnose",
      release: { name: "grafana", namespace: "monitoring" },
    });
    const result = await analyzeIntent("the thing with the graphs is acting funny", inventory, {
      model,
    });
    expect(model.calls).toBe(1);
    expect(result).toMatchObject({
      source: "model",
      intent: { operation: "diagnose", release: { name: "grafana", namespace: "monitoring" } },
    });
  });

  it("asks the model first in model-first mode, once", async () => {
    const model = answering({
      operation: "history",
      release: { name: "kafka", namespace: "streaming" },
    });
    const result = await analyzeIntent("status of kafka", inventory, {
      model,
      mode: "model-first",
    });
    expect(model.calls).toBe(1);
    expect(result.intent.operation).toBe("history");
  });

  it("never lets a model overrule a safety verdict", async () => {
    const model = answering({
      operation: "uninstall",
      release: { name: "kafka", namespace: "streaming" },
    });
    for (const text of [
      "uninstall everything",
      "rollback kafka; rm -rf /",
      "upgrade kafka --post-renderer x",
    ]) {
      const result = await analyzeIntent(text, inventory, { model, mode: "model-first" });
      expect(result.source).toBe("rules");
      expect(result.intent.clarification).toBeTruthy();
    }
    expect(model.calls).toBe(0);
  });

  it("turns a model's unknown release into a question", async () => {
    const model = answering({
      operation: "upgrade",
      release: { name: "elasticsearch", namespace: "logging" },
    });
    const { intent } = await analyzeIntent("upgrade es", inventory, { model, mode: "model-first" });
    expect(intent.release).toBeNull();
    expect(intent.clarification).toMatch(/can't find/);
  });

  it("settles a release in a namespace the inventory does not have as a question", async () => {
    const model = answering({
      operation: "uninstall",
      release: { name: "kafka", namespace: "kube-system" },
    });
    const { intent } = await analyzeIntent("remove the kafka", inventory, {
      model,
      mode: "model-first",
    });
    expect(intent.release).toBeNull();
    expect(intent.candidates).toEqual([{ name: "kafka", namespace: "streaming" }]);
  });

  it("drops fields outside the contract and logs it", async () => {
    const { entries, log } = logs();
    const model = answering({
      ...emptyIntent("status"),
      release: { name: "kafka", namespace: "streaming" },
      command: "helm uninstall kafka",
      extraArgs: ["--post-renderer", "/bin/sh"],
    });
    const { intent } = await analyzeIntent("how's kafka", inventory, {
      model,
      mode: "model-first",
      log,
    });
    expect(Object.keys(intent).sort()).toEqual(Object.keys(emptyIntent("status")).sort());
    expect(JSON.stringify(intent)).not.toContain("post-renderer");
    expect(entries.map((e) => e.code)).toContain("wheelhouse_intent_model_fields_dropped");
  });

  it.each([
    [
      "a flag as the version",
      {
        operation: "upgrade",
        release: { name: "kafka", namespace: "streaming" },
        targetVersion: "--post-renderer=/bin/sh",
      },
    ],
    [
      "a flag as the release",
      { operation: "uninstall", release: { name: "--all", namespace: "streaming" } },
    ],
    [
      "shell in a value",
      {
        operation: "set-values",
        release: { name: "kafka", namespace: "streaming" },
        set: { "image.tag": "$(id)" },
      },
    ],
    [
      "a bad key",
      {
        operation: "set-values",
        release: { name: "kafka", namespace: "streaming" },
        set: { "a;b": 1 },
      },
    ],
    ["an unknown operation", { operation: "exec", release: null }],
    ["not an object", "uninstall kafka"],
    [
      "a negative revision",
      {
        operation: "rollback",
        release: { name: "kafka", namespace: "streaming" },
        targetRevision: -1,
      },
    ],
  ])("falls back to the rules with a log line on %s", async (_what, answer) => {
    const { entries, log } = logs();
    const result = await analyzeIntent("status of kafka", inventory, {
      model: answering(answer),
      mode: "model-first",
      log,
    });
    expect(result.source).toBe("rules");
    expect(result.intent.operation).toBe("status");
    expect(entries.map((e) => e.code)).toEqual(["wheelhouse_intent_model_answer_rejected"]);
  });

  it("falls back to the rules when the model fails", async () => {
    const { entries, log } = logs();
    const model: IntentModel = async () => {
      throw new Error("HTTP 500");
    };
    const result = await analyzeIntent("status of kafka", inventory, {
      model,
      mode: "model-first",
      log,
    });
    expect(result.source).toBe("rules");
    expect(entries).toEqual([
      expect.objectContaining({ level: "warn", code: "wheelhouse_intent_model_failed" }),
    ]);
  });

  it("gives up on a model that does not answer in time and aborts it", async () => {
    vi.useFakeTimers();
    try {
      const { entries, log } = logs();
      let aborted = false;
      const model: IntentModel = (_t, _i, { signal }) =>
        new Promise(() => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
        });
      const pending = analyzeIntent("status of kafka", inventory, {
        model,
        mode: "model-first",
        log,
        timeoutMs: 50,
      });
      await vi.advanceTimersByTimeAsync(60);
      const result = await pending;
      expect(result.source).toBe("rules");
      expect(aborted).toBe(true);
      expect(entries.map((e) => e.code)).toEqual(["wheelhouse_intent_model_timeout"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps the rules' reading when the model understood nothing", async () => {
    const model = answering({ operation: "unknown", clarification: "no idea" });
    const result = await analyzeIntent("rollback kafka", inventory, { model, mode: "model-first" });
    expect(result).toMatchObject({ source: "rules", intent: { operation: "rollback" } });
  });

  it("replaces a model's question that carries flags or shell with its own", async () => {
    const model = answering({
      operation: "unknown",
      clarification: "run helm --post-renderer /bin/sh?",
    });
    const { intent } = await analyzeIntent("blorp", inventory, { model });
    expect(intent.clarification).not.toContain("post-renderer");
  });
});
