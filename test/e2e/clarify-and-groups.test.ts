// A request that matches two releases gets a question with one button per release, and the
// click carries on as if the request had named it; approvers named by Slack user group are
// looked up (once, then cached) and only members may approve.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ACTION_CHOOSE } from "../../src/render/message.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  BOB,
  buttonOf,
  CHANNEL,
  type Harness,
  installWebapp,
  policyWith,
  startHarness,
  textOf,
} from "./e2e-support.ts";

const CAROL = "U0CAROL";

describe("clarification buttons and approver groups", () => {
  let h: Harness;
  let blue: string;
  let green: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    [blue, green] = await Promise.all([createNamespace("e2e-blue"), createNamespace("e2e-green")]);
    await Promise.all([
      installWebapp(helm, "storefront", blue),
      installWebapp(helm, "storefront", green),
    ]);
    const policy = policyWith({ approvers: { users: [], groups: ["S0LEADS"] } });
    h = await startHarness("clarify", helm, { policy, usergroups: { S0LEADS: [CAROL] } });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([deleteNamespace(blue), deleteNamespace(green)]);
  });

  it("asks which release, and plans the one clicked", async () => {
    const thread = await h.ask("upgrade storefront to 1.1.0");
    const question = await h.reply(thread, /storefront/);
    const text = textOf(question);
    expect(text).toContain(`[storefront (${blue})]`);
    expect(text).toContain(`[storefront (${green})]`);
    const button = buttonOf(question, green);
    expect(button.actionId.startsWith(ACTION_CHOOSE)).toBe(true);
    const response = await h.slack.click(button.actionId, button.value, ALICE, question);
    expect(response.status).toBe(200);
    const { message } = await h.plan(thread);
    expect(textOf(message)).toContain(`Plan: Upgrade storefront (${green}) 1.0.0 → 1.1.0`);
    const chosen = h.slack.message(CHANNEL, question.ts);
    expect(chosen && textOf(chosen)).toContain(`@U0ALICE chose *storefront (${green})*`);
  });

  it("lets only members of the approver group approve, asking Slack for the group once", async () => {
    const thread = await h.ask(`upgrade storefront -n ${blue} to 1.1.0`);
    const { id, message } = await h.plan(thread);
    await h.approve(id, BOB, message);
    await h.bot.app?.idle();
    expect(h.slack.ephemerals.find((e) => e.user === BOB)?.text).toMatch(
      /not one of this channel's approvers \(user groups S0LEADS\)/,
    );
    await h.approve(id, CAROL, message);
    expect(textOf(await h.result(thread, id))).toContain("done and healthy");
    expect(h.slack.callsTo("usergroups.users.list")).toHaveLength(1);
  });
});
