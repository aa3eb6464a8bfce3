// The webhook as the app mounts it: a Bolt custom route served by Bolt's own HTTP receiver (no
// glue), answering before its work runs; and no route at all without ALERTMANAGER_TOKEN.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CustomRoute, HTTPReceiver } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import type { AlertLog } from "../../../src/alerts/alert-deps.ts";
import { alertmanagerRoute } from "../../../src/alerts/alertmanager-route.ts";
import { createBackgroundWork } from "../../../src/alerts/background-work.ts";
import { createAlertRoutes } from "../../../src/alerts/create-alert-routes.ts";
import { createAlertmanagerWebhook } from "../../../src/alerts/receive-alertmanager-webhook.ts";
import { alertFixture } from "../../support/alertmanager-fixtures.ts";

const TOKEN = "am-token-0123456789abcdef";
const silent: AlertLog = () => undefined;

describe("the Alertmanager route", () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  it("is served by Bolt's HTTPReceiver as a custom route, answering without waiting for the work", async () => {
    const events: string[] = [];
    let finish: () => void = () => undefined;
    const background = createBackgroundWork(2, (error) => events.push(`error ${String(error)}`));
    const webhook = createAlertmanagerWebhook({
      token: TOKEN,
      maxBodyBytes: 4096,
      process: (payload) =>
        new Promise<void>((resolve) => {
          events.push(`work ${payload.alerts.length}`);
          finish = resolve;
        }),
    });
    const routes: CustomRoute[] = [alertmanagerRoute(webhook, background)];
    const receiver = new HTTPReceiver({
      signingSecret: "s",
      customRoutes: routes,
      logger: undefined,
    });
    server = await receiver.start(0);
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/alerts/alertmanager`;
    const post = (body: string, headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers, body }).then(async (r) => ({
        status: r.status,
        body: await r.text(),
      }));

    const accepted = await post(alertFixture("firing", { NAMESPACE: "shop", POD: "p" }), {
      authorization: `Bearer ${TOKEN}`,
    });
    // The answer came while the work is still running: it never waits for it.
    expect(accepted.status).toBe(202);
    expect(background.pending).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(["work 1"]);
    finish();
    await background.idle();

    expect((await post("{}", {})).status).toBe(401);
    const big = alertFixture("oversize");
    expect((await post(big, { authorization: `Bearer ${TOKEN}` })).status).toBe(413);
    // Chunked, no content-length: cut off while reading.
    const stream = new Blob([big]).stream();
    const chunked = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: stream,
      duplex: "half",
    });
    expect(chunked.status).toBe(413);
    expect(events).toEqual(["work 1"]);
  });

  it("is not there without ALERTMANAGER_TOKEN", () => {
    const routes = createAlertRoutes({
      config: { ALERTMANAGER_TOKEN: undefined, ALERTMANAGER_MAX_BODY_BYTES: 1 << 20 },
      deps: {
        store: {
          withGroup: async (_k, fn) => fn(),
          get: async () => null,
          save: async () => undefined,
        },
        kube: {
          get: async () => [],
          getOne: async () => null,
          validateManifest: async () => [],
          prepareValidation: () => ({ validate: async () => [], cancel: async () => undefined }),
        },
        policy: { channels: {}, protectedNamespaces: [], planTtlMinutes: 60 },
        poster: { post: async () => "1", reply: async () => "2", update: async () => undefined },
        diagnose: async () => {
          throw new Error("not called");
        },
        log: silent,
      },
    });
    expect(routes.routes).toEqual([]);
  });
});
