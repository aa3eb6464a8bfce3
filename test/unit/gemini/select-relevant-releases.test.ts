import { describe, expect, it } from "vitest";
import { intentModelFromConfig } from "../../../src/gemini/intent-model-from-config.ts";
import { loadIntentPrompt } from "../../../src/gemini/load-intent-prompt.ts";
import { selectRelevantReleases } from "../../../src/gemini/select-relevant-releases.ts";
import type { Inventory } from "../../../src/model/release.ts";

const release = (name: string, namespace: string, chart: string) => ({
  name,
  namespace,
  revision: 1,
  updated: "",
  status: "deployed" as const,
  chart,
  app_version: "",
});

describe("selectRelevantReleases", () => {
  const inventory: Inventory = [
    ...Array.from({ length: 20 }, (_, i) => release(`filler-${i}`, "misc", `filler-1.0.${i}`)),
    release("postgres", "databases", "postgresql-16.0.1"),
    release("kafka", "streaming", "kafka-31.0.2"),
    release("grafana", "monitoring", "grafana-8.5.2"),
  ];

  it("keeps the whole inventory when it is under the cap", () => {
    expect(selectRelevantReleases("anything", inventory, 100)).toHaveLength(inventory.length);
  });

  it("puts releases named by name, chart or typo first", () => {
    const picked = selectRelevantReleases("upgrade postgresql and check grafna", inventory, 3).map(
      (r) => r.name,
    );
    expect(picked.slice(0, 2).sort()).toEqual(["grafana", "postgres"]);
    expect(picked).toHaveLength(3);
  });
});

describe("intent model configuration", () => {
  it("uses no model without GEMINI_API_KEY", async () => {
    const configured = await intentModelFromConfig({
      GEMINI_API_KEY: undefined,
      GEMINI_MODEL: "gemini-2.5-flash",
      GEMINI_TIMEOUT_MS: 8000,
      WHEELHOUSE_INTENT_MODE: "rules-first",
    });
    expect(configured.model).toBeUndefined();
  });

  it("loads the system prompt from prompts/intent.md", async () => {
    const prompt = await loadIntentPrompt();
    expect(prompt).toMatch(/must be copied from the inventory/);
    expect(prompt).toMatch(/Never put flags/);
  });
});
