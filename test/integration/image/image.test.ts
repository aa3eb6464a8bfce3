// The Dockerfile built for real (buildah, `npm run image`) and run with podman against the test
// cluster and Redis: what is inside (production dependencies only, no tests, non-root, labels,
// a healthcheck, /tmp the one writable path) and what it does, as the app role answering
// signed Slack requests and as the worker role running an approved plan.

import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { ROLE_NODE_OPTIONS } from "../../../src/app/role-node-options.ts";
import { clusterKeyPrefix } from "../../../src/model/cluster-name.ts";
import { FINAL_STATES } from "../../../src/model/plan-record.ts";
import { blockKitToText } from "../../../src/render/block-kit/block-kit-to-text.ts";
import { ACTION_APPROVE } from "../../../src/render/message.ts";
import { planStateSchema } from "../../../src/store/plan-record-schema.ts";
import { createNamespace, deleteNamespace, uniqueName } from "../../support/cluster.ts";
import { type FakeMessage, type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { TEST_PLAN_KEY } from "../../support/test-plan-key.ts";
import {
  buildImage,
  type Container,
  imageEnv,
  inspectImage,
  podman,
  runContainer,
  runIn,
} from "./image-tools.ts";

const root = join(import.meta.dirname, "..", "..", "..");
// Base (Debian minbase + Node 24, ~260 MB) + helm and kubectl (~120 MB) + production modules.
const MAX_IMAGE_BYTES = 520 * 1024 * 1024;
const CHANNEL = "C0IMAGE01";
const ALICE = "U0ALICE";
const BOB = "U0BOB";

const Lockfile = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional() })),
});

let ref = "";
let penv: Record<string, string> = {};

beforeAll(async () => {
  penv = await imageEnv();
  const built = await buildImage();
  ref = built.ref;
  process.stdout.write(`image: ${ref} built in ${built.seconds.toFixed(0)} s\n`);
}, 1_800_000);

describe("the image", () => {
  it("is one non-root image for both roles, labelled, with a healthcheck and /tmp as its volume", async () => {
    const image = await inspectImage(penv, ref);
    expect(image.Size).toBeLessThan(MAX_IMAGE_BYTES);
    expect(image.Config.User).toBe("1000:1000");
    expect(image.Config.Entrypoint).toEqual(["node", "/app/src/cli/main.ts"]);
    expect(image.Config.Cmd).toEqual(["start", "--role", "all"]);
    expect(Object.keys(image.Config.Volumes ?? {})).toEqual(["/tmp"]);
    expect(image.Config.Env).toContain("NODE_ENV=production");
    expect(image.Config.Env).toContain(`NODE_OPTIONS=${ROLE_NODE_OPTIONS}`);
    expect(image.Healthcheck?.Test.join(" ")).toContain("/healthz");
    const labels = image.Config.Labels;
    expect(labels["org.opencontainers.image.title"]).toBe("Wheelhouse");
    expect(labels["org.opencontainers.image.version"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(labels["org.opencontainers.image.revision"]).toMatch(/^[0-9a-f]{40}$|^unknown$/);
    expect(labels["org.opencontainers.image.licenses"]).toBe("Apache-2.0");
  });

  it("holds production dependencies only, no tests, and code the process cannot change", async () => {
    const mounted = await podman(penv, ["image", "mount", ref]);
    expect(mounted.exitCode, mounted.stderr).toBe(0);
    const fs = mounted.stdout.trim();
    try {
      const lock = Lockfile.parse(
        JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")),
      );
      const dev = Object.entries(lock.packages)
        .filter(([path, p]) => path.startsWith("node_modules/") && p.dev === true)
        .map(([path]) => path);
      expect(dev.length).toBeGreaterThan(10);
      expect(dev.filter((path) => existsSync(join(fs, "app", path)))).toEqual([]);
      expect(existsSync(join(fs, "app", "node_modules", "@slack", "bolt"))).toBe(true);
      expect(readdirSync(join(fs, "app")).sort()).toEqual([
        "bin",
        "node_modules",
        "package-lock.json",
        "package.json",
        "prompts",
        "src",
      ]);
      const tests = readdirSync(join(fs, "app", "src"), { recursive: true }).filter((f) =>
        /\.test\.ts$|(^|\/)test(\/|$)/.test(String(f)),
      );
      expect(tests).toEqual([]);
    } finally {
      await podman(penv, ["image", "unmount", ref]);
    }
    const probe = await runIn(
      penv,
      ref,
      "id -u; helm version --short; kubectl version --client; touch /app/src/x 2>&1 || echo read-only",
    );
    expect(probe.exitCode, String(probe.stderr)).toBe(0);
    const out = String(probe.stdout);
    expect(out).toMatch(/^1000\n/);
    expect(out).toMatch(/v4\.\d+\.\d+/);
    expect(out).toMatch(/Client Version: v1\.\d+/);
    expect(out).toContain("read-only");
  });
});

describe("the image running against the test cluster and Redis", () => {
  let slack: FakeSlack;
  let dir: string;
  let namespace: string;
  let app: Container;
  let worker: Container;
  let port = 0;
  const cluster = uniqueName("image");

  beforeAll(async () => {
    slack = await startFakeSlack();
    namespace = await createNamespace("image");
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    await helm.mutate({
      kind: "install",
      release: { name: "shop", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
      set: { replicaCount: 1 },
      wait: true,
      timeoutSeconds: 90,
    });
    // uid 1000 reads these: copies with the cluster's kubeconfig readable to it.
    dir = await mkdtemp(join(tmpdir(), "wh-image-"));
    await chmod(dir, 0o755);
    await writeFile(join(dir, "kubeconfig"), await readFile(env.kubeconfig), { mode: 0o644 });
    await writeFile(join(dir, "policy.yaml"), JSON.stringify(OPEN_POLICY), { mode: 0o644 });
    // Random ports on the host network: app PORT, then each role's metrics/health port.
    port = 20_000 + Math.floor(Math.random() * 20_000);
    const common = {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: env.redisUrl,
      KUBECONFIG: "/config/kubeconfig",
      WHEELHOUSE_POLICY: "/config/policy.yaml",
      WHEELHOUSE_CLUSTER: cluster,
      WHEELHOUSE_PLAN_KEY: TEST_PLAN_KEY,
      PORT: String(port),
    };
    const mounts = [`${dir}:/config:ro`];
    const role = (name: "app" | "worker", metricsPort: number) =>
      runContainer(penv, ref, {
        name: `${cluster}-${name}`,
        env: { ...common, WHEELHOUSE_METRICS_PORT: String(metricsPort) },
        mounts,
        args: ["start", "--role", name],
      });
    app = await role("app", port + 1);
    worker = await role("worker", port + 2);
    slack.connect(`http://127.0.0.1:${port}/slack/events`);
  }, 600_000);

  afterAll(async () => {
    for (const c of [app, worker]) {
      if (!c) continue;
      process.stdout.write(
        `--- ${c.id.slice(0, 12)} log (last lines)\n${(await c.logs()).split("\n").slice(-15).join("\n")}\n`,
      );
      await c.stop();
    }
    await slack?.close();
    if (namespace) await deleteNamespace(namespace);
    if (dir) await rm(dir, { recursive: true, force: true });
    const redis = new Redis(env.redisUrl);
    const keys = await redis.keys(`${clusterKeyPrefix(cluster)}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const until = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it("both roles answer /healthz and /readyz, and the image's HEALTHCHECK passes", async () => {
    for (const p of [port, port + 1, port + 2]) {
      const url = `http://127.0.0.1:${p}`;
      await until(`${url}/healthz`, async () => (await fetch(`${url}/healthz`)).ok);
      await until(`${url}/readyz`, async () => (await fetch(`${url}/readyz`)).status === 200);
    }
    for (const c of [app, worker]) {
      const health = await podman(penv, ["healthcheck", "run", c.id]);
      expect(`${health.exitCode} ${health.stdout}${health.stderr}`).toMatch(/^0 /);
    }
  }, 120_000);

  const text = (m: FakeMessage) => blockKitToText(m.blocks, m.text);
  const meta = (m: FakeMessage) => {
    const parsed = z
      .object({
        event_type: z.string(),
        event_payload: z.object({ plan_id: z.string(), state: planStateSchema.optional() }),
      })
      .safeParse(m.metadata);
    return parsed.success ? parsed.data : null;
  };
  const botReplies = (ts: string) =>
    slack.thread(CHANNEL, ts).filter((m) => m.user === slack.botUserId);

  it("the app role answers a signed Slack request from the cluster", async () => {
    const { response, ts } = await slack.mention(`status shop -n ${namespace}`, {
      user: ALICE,
      channel: CHANNEL,
    });
    expect(response.status).toBe(200);
    const reply = await slack.waitFor(
      "the status reply",
      () => botReplies(ts).find((m) => /deployed/i.test(text(m))),
      60_000,
    );
    expect(text(reply)).toContain(namespace);
  }, 120_000);

  it("the worker role runs an approved plan and reports into the thread", async () => {
    const { ts } = await slack.mention(`uninstall shop -n ${namespace}`, {
      user: ALICE,
      channel: CHANNEL,
    });
    const plan = await slack.waitFor(
      "the plan",
      () => botReplies(ts).find((m) => meta(m)?.event_type === "wheelhouse_plan"),
      120_000,
    );
    const planId = meta(plan)?.event_payload.plan_id ?? "";
    expect((await slack.click(ACTION_APPROVE, planId, BOB, plan)).status).toBe(200);
    const result = await slack.waitFor(
      "the worker's result",
      () =>
        botReplies(ts).find((m) => {
          const x = meta(m);
          return (
            x?.event_type === "wheelhouse_execution" &&
            x.event_payload.plan_id === planId &&
            x.event_payload.state !== undefined &&
            FINAL_STATES.has(x.event_payload.state)
          );
        }),
      180_000,
    );
    expect(meta(result)?.event_payload.state).toBe("succeeded");
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    expect(await helm.list({ namespace })).toEqual([]);
  }, 300_000);
});
