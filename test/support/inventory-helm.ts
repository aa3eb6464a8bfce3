// helm and the cluster as plain data, for measuring the Slack surface alone (scripts/bench-ack.ts):
// an inventory answers helm's reads, mutations succeed at once, and the cluster has no objects.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildHelmArgv } from "../../src/model/build-helm-argv.ts";
import type { MutatingHelmOperation } from "../../src/model/helm-operation.ts";
import type { ReleaseDetail } from "../../src/model/helm-output-schemas.ts";
import { type Inventory, inventorySchema, type ReleaseRef } from "../../src/model/release.ts";

const inventoryFile = join(import.meta.dirname, "..", "fixtures", "intents", "inventory.json");

// The fixture's releases (test/fixtures/intents) plus a few in the bench namespace that the commands read; the plans that get
// approved are on releases of their own (bench-N), answered by status but not listed.
export function benchInventory(namespace: string): Inventory {
  const fixture = inventorySchema.parse(JSON.parse(readFileSync(inventoryFile, "utf8")));
  const row = (i: number) => ({
    name: `bench-${i}`,
    namespace: namespace,
    revision: 2,
    updated: "2026-05-01 10:00:00.000000 +0000 UTC",
    status: "deployed" as const,
    chart: "webapp-1.1.0",
    app_version: "1.1.0",
  });
  return [...fixture, ...Array.from({ length: 5 }, (_, i) => row(i))];
}

// helm without helm: the inventory answers reads, mutations succeed at once, nothing is rendered.
export function inventoryHelm(inventory: Inventory, namespace: string) {
  const planned = (r: ReleaseRef) =>
    r.namespace === namespace && /^bench-\d+$/.test(r.name)
      ? {
          ...inventory.at(-1),
          ...r,
          revision: 2,
          status: "deployed" as const,
          chart: "webapp-1.1.0",
          app_version: "1.1.0",
          updated: "",
        }
      : undefined;
  const find = (r: ReleaseRef) =>
    inventory.find((x) => x.name === r.name && x.namespace === r.namespace) ?? planned(r);
  const detail = (r: ReleaseRef): ReleaseDetail => {
    const row = find(r);
    const [name, version] = (row?.chart ?? "x-0.0.0").split(/-(?=\d)/);
    return {
      name: r.name,
      namespace: r.namespace,
      version: row?.revision ?? 1,
      info: {
        status: row?.status ?? "deployed",
        description: "Upgrade complete",
        last_deployed: "2026-05-01T10:00:00Z",
      },
      chart: {
        metadata: {
          name: name ?? "x",
          version: version ?? "0.0.0",
          appVersion: row?.app_version ?? "",
        },
      },
      config: {},
      manifest: "",
    };
  };
  const unused = () => Promise.reject(new Error("not used by the benchmark"));
  return {
    major: 4 as const,
    list: async (filter: { namespace?: string } = {}) =>
      inventory.filter((r) => !filter.namespace || r.namespace === filter.namespace),
    status: async (r: ReleaseRef) => detail(r),
    history: async (r: ReleaseRef) => [
      {
        revision: 1,
        updated: "2026-05-01T09:00:00Z",
        status: "superseded" as const,
        chart: find(r)?.chart ?? "",
        app_version: "",
        description: "Install complete",
      },
      {
        revision: 2,
        updated: "2026-05-01T10:00:00Z",
        status: "deployed" as const,
        chart: find(r)?.chart ?? "",
        app_version: "",
        description: "Upgrade complete",
      },
    ],
    getValues: async () => ({ replicaCount: 2 }),
    getManifest: async () => "",
    searchRepo: unused,
    showChart: unused,
    showValues: unused,
    mutate: async (op: MutatingHelmOperation) => ({
      argv: buildHelmArgv(op, { helmMajor: 4 }),
      stdout: "",
      release: undefined,
    }),
    argvFor: (op: MutatingHelmOperation) => buildHelmArgv(op, { helmMajor: 4 }),
  };
}

export const emptyKube = {
  get: async () => [],
  getOne: async () => null,
  validateManifest: async () => [],
  prepareValidation: () => ({ validate: async () => [], cancel: async () => undefined }),
};
