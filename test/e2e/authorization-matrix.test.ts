// The authorization matrix, as a spec. PLAN: what asking for each operation gets, by channel
// rule (an allowed namespace, a protected one, one outside the channel's list, a read-only
// channel). CLICK: what pressing Approve gets, by role (the requester, an approver listed by
// user, a member of the approver user group, another member), from the plan's channel or from
// another one, before and after the plan was decided. Real Redis, the fake Slack, helm 4 on the
// test cluster, an explicit policy file; the app runs without a worker, so an approved plan is
// queued and nothing runs.
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EXECUTION_QUEUE_NAME } from "../../src/exec/execution-job.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createHelmRecorder, type HelmRecorder } from "../support/fuzz-helm-recorder.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { ALICE, BOB, CHANNEL, type Harness, installWebapp, MALLORY, startHarness } from "./e2e-support.ts";
import {
  type ClickOutcome,
  type MatrixWorld,
  observeClick,
  type Op,
  type PlanOutcome,
  type Rule,
  requestAll,
  writeMatrixPolicy,
} from "./authorization-matrix-support.ts";

const READ_ONLY_CHANNEL = "C0READONLY";
const GROUP_MEMBER = "U0CAROL";
const ROLES = { requester: ALICE, approver: BOB, "group member": GROUP_MEMBER, "another member": MALLORY };
type Role = keyof typeof ROLES;
const CHANGES: Op[] = ["upgrade", "rollback", "uninstall", "set-values"];
const READS: Op[] = ["status", "values", "history", "manifest"];

// operation, channel rule → what the requester gets
const PLAN_ROWS: Array<[Op, Rule, PlanOutcome]> = [
  ...CHANGES.flatMap((op): Array<[Op, Rule, PlanOutcome]> => [
    [op, "allowed namespace", "plan"],
    [op, "protected namespace", "plan"],
    [op, "outside namespace", "refusal"],
    [op, "read-only channel", "refusal"],
  ]),
  ...READS.flatMap((op): Array<[Op, Rule, PlanOutcome]> => [
    [op, "allowed namespace", "answer"],
    [op, "protected namespace", "answer"],
    [op, "outside namespace", "refusal"],
    [op, "read-only channel", "answer"],
  ]),
];

interface ClickRow {
  where: "allowed namespace" | "protected namespace";
  plan: 1 | 2 | 3;
  by: Role;
  from: "its channel" | "the read-only channel";
  after: string;
  expect: ClickOutcome;
}
const row = (
  where: ClickRow["where"],
  plan: ClickRow["plan"],
  by: Role,
  expected: ClickOutcome,
  extra: Partial<ClickRow> = {},
): ClickRow => ({ where, plan, by, from: "its channel", after: "", expect: expected, ...extra });
const elsewhere = { from: "the read-only channel" } as const;
const replay = { after: " again, after the approver approved it" } as const;

// Clicking Approve, in this order, on every changing operation's plans (the requester asked).
const CLICK_ROWS: ClickRow[] = [
  row("allowed namespace", 1, "another member", "unauthorised"),
  row("allowed namespace", 1, "requester", "unauthorised", elsewhere),
  row("allowed namespace", 1, "approver", "unauthorised", elsewhere),
  row("allowed namespace", 1, "group member", "unauthorised", elsewhere),
  row("allowed namespace", 1, "another member", "unauthorised", elsewhere),
  row("allowed namespace", 1, "approver", "approved"),
  row("allowed namespace", 1, "group member", "too late", replay),
  row("allowed namespace", 1, "another member", "unauthorised", replay),
  row("allowed namespace", 1, "approver", "unauthorised", { ...elsewhere, ...replay }),
  row("allowed namespace", 2, "group member", "approved"),
  row("allowed namespace", 3, "requester", "approved"),
  row("protected namespace", 1, "requester", "unauthorised"),
  row("protected namespace", 1, "another member", "unauthorised"),
  row("protected namespace", 1, "approver", "approved"),
  row("protected namespace", 1, "requester", "unauthorised", replay),
  row("protected namespace", 2, "group member", "approved"),
];

describe("authorization matrix", () => {
  let h: Harness;
  let recorder: HelmRecorder;
  let queue: Queue;
  let world: MatrixWorld;
  const planned = new Map<string, PlanOutcome | string>();
  const clicked = new Map<string, ClickOutcome | string>();

  beforeAll(async () => {
    recorder = await createHelmRecorder(env.helm4Bin);
    const helm = await createTestHelm(recorder.bin, inject("chartRepoUrl"));
    const [allowed, protectedNs, outside] = await Promise.all(
      ["e2e-authz-team", "e2e-authz-prot", "e2e-authz-out"].map((p) => createNamespace(p)),
    );
    if (!allowed || !protectedNs || !outside) throw new Error("namespaces were not created");
    const release = "authz";
    await Promise.all([allowed, protectedNs, outside].map((ns) => installWebapp(helm, release, ns)));
    // A second revision, so that there is something to roll back to.
    await Promise.all(
      [allowed, protectedNs].map((ns) =>
        helm.mutate({ kind: "upgrade", release: { name: release, namespace: ns }, chart: "fixtures/webapp", version: "1.1.0", valuesStrategy: "reuse", wait: true, timeoutSeconds: 90 }),
      ),
    );
    world = {
      release,
      namespaces: { "allowed namespace": allowed, "protected namespace": protectedNs, "outside namespace": outside, "read-only channel": allowed },
      channels: { team: CHANNEL, readOnly: READ_ONLY_CHANNEL },
      requester: ROLES.requester,
    };
    const policy = await writeMatrixPolicy(world, { approver: ROLES.approver, group: "S0ONCALL" });
    h = await startHarness("authz", helm, { policy, usergroups: { S0ONCALL: [GROUP_MEMBER] }, role: "app" });
    queue = new Queue(EXECUTION_QUEUE_NAME, { connection: { url: env.redisUrl }, prefix: h.prefix });
    await recorder.clear();
  });
  afterAll(async () => {
    await queue?.close();
    await h?.close();
    await recorder?.close();
    if (world) await Promise.all([...new Set(Object.values(world.namespaces))].map(deleteNamespace));
  });

  describe("PLAN: the requester asks", () => {
    beforeAll(async () => {
      for (const [key, outcome] of await requestAll(h, recorder, world, PLAN_ROWS)) planned.set(key, outcome);
    });
    it.each(PLAN_ROWS)("%s in the %s → %s", (op, rule, expected) => {
      expect(planned.get(`${op}|${rule}`)).toBe(expected);
    });
  });

  describe.each(CHANGES)("CLICK: Approve on a %s plan", (op) => {
    beforeAll(async () => {
      // Plan 1 of each place is the PLAN section's; the others are asked for now, at once.
      const extra = [[2, "allowed namespace"], [3, "allowed namespace"], [2, "protected namespace"]] as const;
      const plans = await world.plansFor(op, extra);
      for (const [i, r] of CLICK_ROWS.entries()) {
        const plan = plans.get(`${r.where}#${r.plan}`);
        if (!plan) {
          clicked.set(`${op}|${i}`, "no plan to click");
          continue;
        }
        const channel = r.from === "its channel" ? CHANNEL : READ_ONLY_CHANNEL;
        clicked.set(`${op}|${i}`, await observeClick(h, queue, plan, ROLES[r.by], channel));
      }
    });
    it.each(CLICK_ROWS.map((r, i) => ({ ...r, i })))(
      "the $by, from $from, on plan $plan ($where)$after → $expect",
      ({ i, expect: expected }) => {
        expect(clicked.get(`${op}|${i}`)).toBe(expected);
      },
    );
  });
});
