// The browser playground as a newcomer sees it: `wheelhouse playground` started for real (sample
// releases, bot, page), driven in Debian's Chromium through playwright-core. Two journeys:
// upgrade → approve → validated, and broken release → diagnose → rollback (with its confirm
// dialog). Screenshots go to WHEELHOUSE_SCREENSHOTS (default: a folder under the OS temp dir).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";

const SHOTS = process.env.WHEELHOUSE_SCREENSHOTS ?? join(tmpdir(), "wheelhouse-screenshots");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface Playground {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

// Starts `wheelhouse playground` on the test cluster and Redis; resolves with the page's URL.
async function startPlayground(namespace: string): Promise<Playground> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    WHEELHOUSE_STATE: await mkdtemp(join(tmpdir(), "wheelhouse-playground-")),
    WHEELHOUSE_CLUSTER: `pg-${randomBytes(3).toString("hex")}`,
    REDIS_URL: env.redisUrl,
  };
  delete childEnv.SLACK_BOT_TOKEN;
  const args = ["src/cli/main.ts", "playground", "--port", "0", "--namespace", namespace];
  const child = spawn(process.execPath, [...args, "--kubeconfig", env.kubeconfig], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += String(d);
      const found = /Open the playground: (\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    exited.then((code) => reject(new Error(`playground exited (${code}):\n${err}`)));
  });
  return { child, url, stderr: () => err, exited };
}

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

// The bot's message in the open thread whose header says `header`, once it is there.
async function botMessage(page: Page, header: RegExp, timeout = 120_000): Promise<Locator> {
  const message = page
    .locator("#thread-messages article.message.bot")
    .filter({ has: page.locator(".bk-header", { hasText: header }) })
    .last();
  await message.waitFor({ timeout });
  return message;
}

async function threadSays(page: Page, words: RegExp, timeout = 180_000): Promise<void> {
  await page
    .locator("#thread-messages article.message")
    .filter({ hasText: words })
    .first()
    .waitFor({ timeout });
}

describe("the browser playground", () => {
  let playground: Playground;
  let context: BrowserContext;
  let page: Page;
  let helm: HelmClient;
  const namespace = `e2e-pg-${randomBytes(3).toString("hex")}`;
  let startMs = 0;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    const started = performance.now();
    playground = await startPlayground(namespace);
    startMs = performance.now() - started;
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    context = await chromium.launchPersistentContext(
      await mkdtemp(join(tmpdir(), "wheelhouse-chromium-")),
      {
        executablePath: "/usr/bin/chromium",
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1400, height: 900 },
      },
    );
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(playground.url);
  });
  afterAll(async () => {
    process.stdout.write(
      `playground start (samples seeded, bot and page up): ${startMs.toFixed(0)} ms\n`,
    );
    await context?.close();
    playground?.child.kill("SIGTERM");
    await playground?.exited;
    await deleteNamespace(namespace);
  });

  it("upgrades a release: plan in the thread, a refused self-approval, Approve, updated in place, validated", async () => {
    await page.fill("#message", `upgrade shop-frontend in ${namespace} to 1.1.0`);
    await page.press("#message", "Enter");
    const plan = await botMessage(page, /Plan: Upgrade shop-frontend/);
    const ts = await plan.getAttribute("data-ts");
    expect(await text(plan)).toMatch(/1\.0\.0 → 1\.1\.0/);
    expect(await plan.locator("pre").count()).toBeGreaterThan(0);
    expect(await plan.locator(".bk-context").count()).toBeGreaterThan(0);
    expect(await text(plan.locator("button.bk-button.primary"))).toBe("Approve");
    expect(await text(plan.locator("button.bk-button:not(.primary)"))).toBe("Reject");

    // Pat asked, so Pat may not approve: Slack shows the refusal to Pat alone.
    await plan.locator("button.bk-button.primary").click();
    await page.locator("#thread-messages article.ephemeral").waitFor({ timeout: 30_000 });
    await page.selectOption("#person", "U0APPROVER");
    // Alex does not see what only Pat was shown.
    await page.locator("#thread-messages article.ephemeral").waitFor({ state: "detached" });
    await (await botMessage(page, /Plan: Upgrade shop-frontend/))
      .locator("button.bk-button.primary")
      .click();

    await threadSays(page, /done and healthy/);
    const updated = page.locator(`#thread-messages article[data-ts="${ts}"]`);
    expect(await updated.locator(".edited").count()).toBe(1);
    expect(await updated.locator("button.bk-button").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "playground-upgrade.png") });
    const last = (await helm.history({ name: "shop-frontend", namespace })).at(-1);
    expect([last?.status, last?.chart]).toEqual(["deployed", "webapp-1.1.0"]);
  });

  it("diagnoses the broken release from /helm, then rolls it back through the confirm dialog", async () => {
    await page.selectOption("#person", "U0PLAYER");
    await page.fill("#message", `/helm why is checkout broken in ${namespace}`);
    await page.press("#message", "Enter");
    const asked = page.locator("#messages article.bot").filter({ hasText: "asked:" }).last();
    await asked.locator(".replies").waitFor({ timeout: 60_000 });
    await asked.locator(".replies").click();
    await threadSays(page, /not healthy/);
    const plan = await botMessage(page, /Plan: Roll back checkout/);

    await page.selectOption("#person", "U0APPROVER");
    await plan.locator("button.bk-button.primary").click();
    const dialog = page.locator("dialog#confirm[open]");
    await dialog.waitFor();
    expect(await text(dialog.locator("#confirm-title"))).toMatch(/checkout\?/);
    await page.screenshot({ path: join(SHOTS, "playground-confirm.png") });
    await dialog.locator("#confirm-ok").click();

    await threadSays(page, /Roll back checkout .*done and healthy/);
    await page.screenshot({ path: join(SHOTS, "playground-rollback.png") });
    const history = await helm.history({ name: "checkout", namespace });
    expect(history.map((r) => r.status)).toEqual(["superseded", "failed", "deployed"]);
    // Hostile text typed into the channel stays text on the page.
    await page.fill(
      "#message",
      '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
    );
    await page.press("#message", "Enter");
    // The mention opens its thread; the bot's answer (quoting the words) is drawn there too.
    await page.locator("#thread-messages article").filter({ hasText: "onerror" }).waitFor();
    await page.locator("#thread-messages article.bot").first().waitFor({ timeout: 60_000 });
    expect(
      await page.locator("#messages img, #thread-messages img, script:not([src])").count(),
    ).toBe(0);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
  });

  it("stops everything it started, and says so", async () => {
    playground.child.kill("SIGTERM");
    expect(await playground.exited).toBe(0);
    const said = playground.stderr();
    expect(said).toMatch(
      /stopped the sample chart repository .*, the bot, app and worker \(pid \d+/,
    );
    expect(said).toMatch(/left running what was there before: Redis at .*, the cluster of /);
    const pid = Number(/the bot, app and worker \(pid (\d+)/.exec(said)?.[1]);
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(playground.url)).rejects.toThrow();
  });
});
