// A read started early runs exactly the helm call its answer will make, and nothing for
// anything else: the real analyser without a model, the real policy and the real inventory
// cache, over a helm that records what it is asked.
import { describe, expect, it } from "vitest";
import { intentWithoutModel } from "../../../src/intent/analyze-intent.ts";
import type { Inventory, ReleaseRef } from "../../../src/model/release.ts";
import type { Policy } from "../../../src/policy/policy-schema.ts";
import { createInventoryCache } from "../../../src/slack/inventory-cache.ts";
import { prefetchRead } from "../../../src/slack/prefetch-read.ts";
import { createReadCoalescer, type ReadHelm } from "../../../src/slack/read-coalescer.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";

const CHANNEL = "C0SHOP";
const row = (name: string, namespace: string) => ({
  name,
  namespace,
  revision: 1,
  updated: "2026-01-01 00:00:00 +0000 UTC",
  status: "deployed" as const,
  chart: "webapp-1.0.0",
  app_version: "1.0.0",
});
const INVENTORY: Inventory = [row("web", "shop"), row("vault", "secrets")];

// The shop channel reads and changes `shop` only.
const POLICY: Policy = {
  ...OPEN_POLICY,
  channels: {
    [CHANNEL]: { ...OPEN_POLICY.channels["*"], namespaces: ["shop"], mutationNamespaces: ["shop"] },
  },
};

function recordingHelm() {
  const calls: string[] = [];
  const helm: ReadHelm = {
    list: async () => INVENTORY,
    status: async (r) => {
      calls.push(`status ${r.namespace}/${r.name}`);
      return {
        name: r.name,
        namespace: r.namespace,
        version: 1,
        info: { description: "", status: "deployed" },
      };
    },
    history: async (r, max) => {
      calls.push(`history ${r.namespace}/${r.name} ${max}`);
      return [];
    },
    getValues: async (r: ReleaseRef, o?: { all?: boolean }) => {
      calls.push(`values ${r.namespace}/${r.name} all=${o?.all === true}`);
      return {};
    },
    getManifest: async (r) => {
      calls.push(`manifest ${r.namespace}/${r.name}`);
      return "";
    },
  };
  return { helm, calls };
}

async function prefetched(text: string, withAnalyser = true): Promise<string[]> {
  const { helm, calls } = recordingHelm();
  const deps = {
    policy: POLICY,
    inventory: createInventoryCache(() => helm.list(), 10_000),
    ...(withAnalyser
      ? { intentWithoutModel: (t: string, i: Inventory) => intentWithoutModel(t, i) }
      : {}),
  };
  await prefetchRead(deps, { text, channel: CHANNEL }, createReadCoalescer(helm).early());
  return calls;
}

describe("prefetchRead", () => {
  it("starts the one helm read the answer will make", async () => {
    expect(await prefetched("status web -n shop")).toEqual(["status shop/web"]);
    expect(await prefetched("history web -n shop")).toEqual(["history shop/web 20"]);
    expect(await prefetched("values web -n shop")).toEqual(["values shop/web all=false"]);
    expect(await prefetched("values web -n shop --all")).toEqual(["values shop/web all=true"]);
    expect(await prefetched("manifest web")).toEqual(["manifest shop/web"]);
  });

  it("starts nothing where the channel may not read, nor for a change, list, help or audit", async () => {
    for (const text of [
      "status vault -n secrets",
      "values vault -n secrets",
      "upgrade web -n shop --set image.tag=2",
      "rollback web -n shop",
      "uninstall web -n shop",
      "list",
      "help",
      "audit web -n shop",
      "diagnose web -n shop",
      "status",
      "status web; rm -rf /",
      "status web --kubeconfig /tmp/k",
    ]) {
      expect(await prefetched(text), text).toEqual([]);
    }
  });

  it("starts nothing where the analysis would ask a model", async () => {
    expect(await prefetched("status web -n shop", false)).toEqual([]);
    const model = async () => ({});
    const rulesFirst = intentWithoutModel("status web -n shop", INVENTORY, { model });
    const modelFirst = intentWithoutModel("status web -n shop", INVENTORY, {
      model,
      mode: "model-first",
    });
    expect(rulesFirst?.operation).toBe("status");
    expect(modelFirst).toBeNull();
  });
});
