// Kind → resource, as kubectl's REST mapper finds it: the API server's discovery of each
// group-version a manifest uses (GET /api/v1, /apis/GROUP/VERSION), kept a few minutes per
// connection. A kind not found in a list that came from the cache is looked up once more: a
// chart's CRD may have been created since.
import { z } from "zod";
import { classifyKubectlFailure } from "./classify-kubectl-failure.ts";
import type { KubeApiConnection } from "./kube-api-connection.ts";
import { apiStatusSchema } from "./kubectl-apply-stderr.ts";

export interface ApiResource {
  // The plural that goes into the URL ("deployments").
  name: string;
  namespaced: boolean;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const resourceListSchema = z.object({
  resources: z.array(z.object({ name: z.string(), namespaced: z.boolean(), kind: z.string() })),
});

// null: the server does not serve this group-version at all.
type Kinds = Map<string, ApiResource> | null;

const MAX_DISCOVERY_BYTES = 8 * 1024 * 1024;
// As kubectl's --request-timeout; a look-up is shared, so no one check's deadline ends it.
const DISCOVERY_TIMEOUT_MS = 30_000;
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
export const DISCOVERY_TTL_MS = 5 * 60_000;

function pathOf(group: string, version: string): string {
  return group === ""
    ? `/api/${encodeURIComponent(version)}`
    : `/apis/${encodeURIComponent(group)}/${encodeURIComponent(version)}`;
}

export class ApiDiscovery {
  private readonly cache = new Map<string, { at: number; kinds: Promise<Kinds> }>();

  private readonly connection: KubeApiConnection;
  private readonly ttlMs: number;

  constructor(connection: KubeApiConnection, ttlMs = DISCOVERY_TTL_MS) {
    this.connection = connection;
    this.ttlMs = ttlMs;
  }

  // Called when a check is prepared, while helm renders: refreshes the lists a check will
  // likely read (the ones seen before, else the core group's) and opens a connection for it.
  warm(): void {
    const keys = this.cache.size === 0 ? ["/v1"] : [...this.cache.keys()];
    for (const key of keys) void this.kinds(key, false, new Set());
  }

  // One answer per object, in order; null for a kind the server does not know.
  async resolve(objects: GroupVersionKind[], signal: AbortSignal): Promise<(ApiResource | null)[]> {
    const versions = [...new Set(objects.map((o) => `${o.group}/${o.version}`))];
    const fresh = new Set<string>();
    const lists = new Map<string, Kinds>();
    const load = async (key: string, refetch: boolean) => {
      lists.set(key, await untilAborted(this.kinds(key, refetch, fresh), signal));
    };
    await Promise.all(versions.map((key) => load(key, false)));
    const missed = objects
      .filter((o) => !lists.get(`${o.group}/${o.version}`)?.has(o.kind))
      .map((o) => `${o.group}/${o.version}`);
    await Promise.all([...new Set(missed)].filter((k) => !fresh.has(k)).map((k) => load(k, true)));
    return objects.map((o) => lists.get(`${o.group}/${o.version}`)?.get(o.kind) ?? null);
  }

  private kinds(key: string, refetch: boolean, fresh: Set<string>): Promise<Kinds> {
    const cached = this.cache.get(key);
    if (cached && !refetch && Date.now() - cached.at < this.ttlMs) return cached.kinds;
    const [group = "", version = ""] = key.split("/");
    const kinds = this.fetch(pathOf(group, version), AbortSignal.timeout(DISCOVERY_TIMEOUT_MS));
    this.cache.set(key, { at: Date.now(), kinds });
    fresh.add(key);
    // A failed look-up is not kept: the next check asks again.
    kinds.catch(() => {
      if (this.cache.get(key)?.kinds === kinds) this.cache.delete(key);
    });
    return kinds;
  }

  private async fetch(path: string, signal: AbortSignal): Promise<Kinds> {
    const response = await this.connection.get(path, { signal, maxBytes: MAX_DISCOVERY_BYTES });
    if (response.status === 404) return null;
    const text = response.body.toString("utf8");
    if (response.status !== 200) {
      const status = apiStatusSchema.safeParse(safeJson(text));
      const said = status.success ? (status.data.message ?? "") : text.slice(0, 500);
      throw classifyKubectlFailure({
        command: ["GET", path],
        stderr: `Error from server (${status.success ? (status.data.reason ?? "") : response.status}): ${said}`,
      });
    }
    const list = resourceListSchema.safeParse(safeJson(text));
    if (!list.success) return new Map();
    const kinds = new Map<string, ApiResource>();
    // Subresources ("pods/log") share their parent's kind or none; never what an object names.
    for (const r of list.data.resources) {
      if (RESOURCE_NAME.test(r.name) && !kinds.has(r.kind))
        kinds.set(r.kind, { name: r.name, namespaced: r.namespaced });
    }
    return kinds;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
