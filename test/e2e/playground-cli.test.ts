// `wheelhouse say` and `click`, the playground's chat box, against a running bot and fake Slack:
// a mention printed back as readable text with the plan's id, then a click that runs it.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clickCommand } from "../../src/cli/click-command.ts";
import { sayCommand } from "../../src/cli/say-command.ts";
import { playgroundStatePath, writePlaygroundState } from "../../src/slack/playground-state.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { CHANNEL, type Harness, installWebapp, startHarness } from "./e2e-support.ts";

describe("wheelhouse say / click", () => {
  let h: Harness;
  let namespace: string;
  let stateEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-say");
    await installWebapp(helm, "cart", namespace);
    h = await startHarness("say", helm);
    stateEnv = { WHEELHOUSE_STATE: await mkdtemp(join(tmpdir(), "wheelhouse-playground-")) };
    await writePlaygroundState(playgroundStatePath(stateEnv), {
      slackOrigin: h.slack.origin,
      eventsUrl: h.eventsUrl,
      botUserId: h.slack.botUserId,
      channel: CHANNEL,
      pid: process.pid,
    });
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("prints the plan a mention gets, then runs it on click", async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s) };
    expect(
      await sayCommand(
        [`set cart replicaCount=2 -n ${namespace}`, "--as", "U0ALICE"],
        io,
        stateEnv,
      ),
    ).toBe(0);
    const said = out.join("\n");
    expect(said).toContain(`== Plan: Set values on cart (${namespace}) ==`);
    const planId = /click approve (\S+) --as U0APPROVER/.exec(said)?.[1];
    expect(planId).toBeDefined();

    out.length = 0;
    expect(await clickCommand(["approve", planId ?? "", "--as", "U0BOB"], io, stateEnv)).toBe(0);
    const clicked = out.join("\n");
    expect(clicked).toContain(`U0BOB clicked approve on plan ${planId}`);
    expect(clicked).toMatch(/Set values on cart .*: done and healthy/);
    expect((await h.helm.history({ name: "cart", namespace })).map((r) => r.revision)).toEqual([
      1, 2,
    ]);
  });

  it("says plainly when no playground is running", async () => {
    const io = { stdout: () => {}, stderr: () => {} };
    await expect(sayCommand(["list"], io, { WHEELHOUSE_STATE: "/nonexistent" })).rejects.toThrow(
      /No playground is running/,
    );
  });
});
