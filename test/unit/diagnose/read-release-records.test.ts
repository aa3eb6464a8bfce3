import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  decodeReleaseRecords,
  releaseSecretSelector,
} from "../../../src/gather/read-release-records.ts";
import type { KubeObject } from "../../../src/kube/kube-object-schema.ts";

const release = { name: "web", namespace: "shop" };

// A Secret as helm's secrets driver writes it: the release JSON, gzipped, base64-encoded by
// helm, and base64-encoded again as Secret data.
function releaseSecret(
  record: Record<string, unknown>,
  options: { gzip?: boolean; type?: string } = {},
): KubeObject {
  const json = Buffer.from(JSON.stringify(record));
  const helmEncoded = (options.gzip === false ? json : gzipSync(json)).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: `sh.helm.release.v1.${String(record.name)}.v${String(record.version)}`,
      namespace: String(record.namespace),
      labels: { owner: "helm", name: String(record.name) },
    },
    type: options.type ?? "helm.sh/release.v1",
    data: { release: Buffer.from(helmEncoded).toString("base64") },
  };
}

const revision = (version: number, extra: Record<string, unknown> = {}) => ({
  name: "web",
  namespace: "shop",
  version,
  config: { replicaCount: version },
  manifest: `---\nkind: ConfigMap\nmetadata:\n  name: web-v${version}\n`,
  info: {
    status: version === 2 ? "deployed" : "superseded",
    description: version === 1 ? "Install complete" : "Upgrade complete",
    first_deployed: "2026-12-01T10:00:00.1Z",
    last_deployed: `2026-12-01T10:0${version}:00.1Z`,
  },
  chart: { metadata: { name: "webapp", version: `1.${version}.0`, appVersion: "2.0" } },
  hooks: [],
  ...extra,
});

describe("helm's stored release records", () => {
  it("selects the records of one release by helm's own labels", () => {
    expect(releaseSecretSelector(release)).toBe("owner=helm,name=web");
  });

  it("gives each revision's user-supplied values and manifest", () => {
    const { revisions } = decodeReleaseRecords(
      [releaseSecret(revision(2)), releaseSecret(revision(1))],
      release,
    );
    expect([...revisions.keys()]).toEqual([1, 2]);
    expect(revisions.get(2)).toEqual({
      values: { replicaCount: 2 },
      manifest: "---\nkind: ConfigMap\nmetadata:\n  name: web-v2\n",
    });
  });

  it("gives the newest revision as helm status does, and the history as helm history does", () => {
    const { latest, history } = decodeReleaseRecords(
      [releaseSecret(revision(2)), releaseSecret(revision(1))],
      release,
    );
    expect(latest).toMatchObject({ version: 2, info: { status: "deployed" } });
    expect(latest?.manifest).toContain("web-v2");
    expect(history).toEqual([
      {
        revision: 1,
        updated: "2026-12-01T10:01:00.1Z",
        status: "superseded",
        chart: "webapp-1.1.0",
        app_version: "2.0",
        description: "Install complete",
      },
      {
        revision: 2,
        updated: "2026-12-01T10:02:00.1Z",
        status: "deployed",
        chart: "webapp-1.2.0",
        app_version: "2.0",
        description: "Upgrade complete",
      },
    ]);
  });

  it("reads a record helm stored without gzip, and no values as {}", () => {
    const { revisions } = decodeReleaseRecords(
      [releaseSecret(revision(3, { config: null }), { gzip: false })],
      release,
    );
    expect(revisions.get(3)?.values).toEqual({});
  });

  it("skips what is not this release's record: another release, another namespace, another type", () => {
    const records = decodeReleaseRecords(
      [
        releaseSecret(revision(5, { name: "api" })),
        releaseSecret(revision(6, { namespace: "other" })),
        releaseSecret(revision(7), { type: "Opaque" }),
      ],
      release,
    );
    expect(records).toEqual({ latest: null, history: [], revisions: new Map() });
  });

  it("leaves everything to helm when one of the release's records cannot be read", () => {
    const garbage = releaseSecret(revision(4));
    garbage.data = { release: Buffer.from("not a record").toString("base64") };
    for (const unreadable of [garbage, releaseSecret({ ...revision(3), version: "three" })]) {
      const records = decodeReleaseRecords([releaseSecret(revision(1)), unreadable], release);
      expect(records.latest).toBeNull();
      expect(records.revisions.size).toBe(0);
    }
  });
});
