// The authorization matrix, as a spec. PLAN: what asking for each operation gets, by channel
// rule (an allowed namespace, a protected one, one outside the channel's list, a read-only
// channel). CLICK: what pressing Approve gets, by role (the requester, an approver listed by
// user, a member of the approvers' user group, another member), from the plan's channel or from
// another one, before and after the plan was decided. Real Redis, the fake Slack, helm 4 on the
// test cluster, an explicit policy file; the app runs without a worker, so an approved plan is
// queued and nothing runs.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EXECUTION_QUEUE_NAME } from "../../src/exec/execution-job.ts";
import { loadPolicy } from "../../src/policy/load-policy.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { observeApproval, type PostedPlan, planIn } from "../support/fuzz-approvals.ts";
import { createHelmRecorder, type HelmRecorder } from "../support/fuzz-helm-recorder.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  BOB,
  CHANNEL,
  type Harness,
  installWebapp,
  MALLORY,
  startHarness,
} from "./e2e-support.ts";

const READ_ONLY = "C0READONLY";
const ROLES = {
  "the requester": ALICE,
  "an approver listed by user": BOB,
  "a member of the approver group": "U0CAROL",
  "another member": MALLORY,
};
type Role = keyof typeof ROLES;
type Op =
  | "upgrade"
  | "rollback"
  | "uninstall"
  | "set-values"
  | "status"
  | "values"
  | "history"
  | "manifest";
type Rule = "allowed namespace" | "protected namespace" | "outside namespace" | "read-only channel";
// What Slack and helm show: a plan with buttons; a read answered (helm read it); a refusal
// (an answer, and no helm process for it).
type PlanOutcome = "plan" | "answer" | "refusal";
// What a click gets (see observeApproval).
type ClickOutcome = "approved" | "unauthorised" | "too late";
const CHANGES: Op[] = ["upgrade", "rollback", "uninstall", "set-values"];
const READS: Op[] = ["status", "values", "history", "manifest"];

// operation, channel rule → what the requester gets
const PLAN_ROWS: Array<[Op, Rule, PlanOutcome]> = [
  ...CHANGES.flatMap(
    (op): Array<[Op, Rule, PlanOutcome]> => [
      [op, "allowed namespace", "plan"],
      [op, "protected namespace", "plan"],
      [op, "outside namespace", "refusal"],
      [op, "read-only channel", "refusal"],
    ],
  ),
  ...READS.flatMap(
    (op): Array<[Op, Rule, PlanOutcome]> => [
      [op, "allowed namespace", "answer"],
      [op, "protected namespace", "answer"],
      [op, "outside namespace", "refusal"],
      [op, "read-only channel", "answer"],
    ],
  ),
];

type Where = "allowed namespace" | "protected namespace";
interface ClickRow {
  where: Where;
  plan: 1 | 2 | 3;
  by: Role;
  from: "its channel" | "the read-only channel";
  when: string;
  expected: ClickOutcome;
}
const row = (
  where: Where,
  plan: 1 | 2 | 3,
  by: Role,
  expected: ClickOutcome,
  extra: Partial<ClickRow> = {},
): ClickRow => ({
  where,
  plan,
  by,
  from: "its channel",
  when: "before any decision",
  expected,
  ...extra,
});
const elsewhere = { from: "the read-only channel" } as const;
const replay = { when: "replayed after an approver approved it" } as const;

// Approve clicks, in this order, on each changing operation's plans (all asked by the requester).
const CLICK_ROWS: ClickRow[] = [
  row("allowed namespace", 1, "another member", "unauthorised"),
  row("allowed namespace", 1, "the requester", "unauthorised", elsewhere),
  row("allowed namespace", 1, "an approver listed by user", "unauthorised", elsewhere),
  row("allowed namespace", 1, "a member of the approver group", "unauthorised", elsewhere),
  row("allowed namespace", 1, "another member", "unauthorised", elsewhere),
  row("allowed namespace", 1, "an approver listed by user", "approved"),
  row("allowed namespace", 1, "a member of the approver group", "too late", replay),
  row("allowed namespace", 1, "another member", "unauthorised", replay),
  row("allowed namespace", 1, "an approver listed by user", "unauthorised", {
    ...elsewhere,
    ...replay,
  }),
  row("allowed namespace", 2, "a member of the approver group", "approved"),
  row("allowed namespace", 3, "the requester", "approved"),
  row("protected namespace", 1, "the requester", "unauthorised"),
  row("protected namespace", 1, "another member", "unauthorised"),
  row("protected namespace", 1, "an approver listed by user", "approved"),
  row("protected namespace", 1, "the requester", "unauthorised", replay),
  row("protected namespace", 2, "a member of the approver group", "approved"),
];

const RELEASE = "authz";
const TEXTS: Record<Op, (ns: string) => string> = {
  upgrade: (ns) => `upgrade ${RELEASE} -n ${ns} to 1.2.0`,
  rollback: (ns) => `roll back ${RELEASE} -n ${ns}`,
  uninstall: (ns) => `uninstall ${RELEASE} -n ${ns}`,
  "set-values": (ns) => `set replicaCount=2 on ${RELEASE} -n ${ns}`,
  status: (ns) => `status of ${RELEASE} -n ${ns}`,
  values: (ns) => `values of ${RELEASE} -n ${ns}`,
  history: (ns) => `history of ${RELEASE} -n ${ns}`,
  manifest: (ns) => `manifest of ${RELEASE} -n ${ns}`,
};
// The helm read that answers each read, as argv starts.
const READ_ARGV: Partial<Record<Op, string[]>> = {
  status: ["status"],
  values: ["get", "values"],
  history: ["history"],
  manifest: ["get", "manifest"],
};
describe("authorization matrix", () => {
  let h: Harness;
  let recorder: HelmRecorder;
  let queue: Queue;
  const ns: Record<Rule, string> = {
    "allowed namespace": "",
    "protected namespace": "",
    "outside namespace": "",
    "read-only channel": "",
  };
  // Plan n of an operation in a place: "upgrade|allowed namespace#1".
  const plans = new Map<string, PostedPlan>();
  const planned = new Map<string, string>();
  const clicked = new Map<string, string>();

  async function writePolicy(): Promise<string> {
    const file = join(await mkdtemp(join(tmpdir(), "wheelhouse-authz-")), "policy.yaml");
    const team = `[${ns["allowed namespace"]}, ${ns["protected namespace"]}]`;
    await writeFile(
      file,
      `# Written by the authorization matrix test.
protectedNamespaces: ["${ns["protected namespace"]}"]
planTtlMinutes: 30
channels:
  ${CHANNEL}:
    namespaces: ${team}
    mutationNamespaces: ${team}
    operations: [${[...READS, ...CHANGES].join(", ")}]
    approvers: { users: [${ROLES["an approver listed by user"]}, ${ROLES["the requester"]}], groups: [S0ONCALL] }
    allowSelfApproval: true
  ${READ_ONLY}:
    readOnly: true
    namespaces: ${team}
    operations: [${[...READS, ...CHANGES].join(", ")}]
    approvers: { users: [${ROLES["an approver listed by user"]}, ${ROLES["the requester"]}], groups: [S0ONCALL] }
`,
    );
    return file;
  }

  beforeAll(async () => {
    recorder = await createHelmRecorder(env.helm4Bin);
    const helm = await createTestHelm(recorder.bin, inject("chartRepoUrl"));
    const [allowed = "", guarded = "", outside = ""] = await Promise.all(
      ["e2e-authz-team", "e2e-authz-prot", "e2e-authz-out"].map((p) => createNamespace(p)),
    );
    Object.assign(ns, {
      "allowed namespace": allowed,
      "protected namespace": guarded,
      "outside namespace": outside,
      "read-only channel": allowed,
    });
    await Promise.all([allowed, guarded, outside].map((n) => installWebapp(helm, RELEASE, n)));
    // A second revision, so that there is one to roll back to.
    await Promise.all(
      [allowed, guarded].map((n) =>
        helm.mutate({
          kind: "upgrade",
          release: { name: RELEASE, namespace: n },
          chart: "fixtures/webapp",
          version: "1.1.0",
          valuesStrategy: "reuse",
          wait: true,
          timeoutSeconds: 90,
        }),
      ),
    );
    const policy = await loadPolicy(await writePolicy());
    // Each row's outcome is read off the helm processes it ran, so reads go to helm here rather
    // than to its release records (which run none; reads-from-records.test.ts shows they answer
    // the same). Who may read is decided before either (route-intent.ts).
    h = await startHarness("authz", helm, {
      policy,
      usergroups: { S0ONCALL: [ROLES["a member of the approver group"]] },
      role: "app",
      recordReads: false,
    });
    queue = new Queue(EXECUTION_QUEUE_NAME, {
      connection: { url: env.redisUrl },
      prefix: h.prefix,
    });
    await recorder.clear();
  });
  afterAll(async () => {
    await queue?.close();
    await h?.close();
    await recorder?.close();
    await Promise.all([...new Set(Object.values(ns))].map(deleteNamespace));
  });

  // Asks for every row at once from `channel`; each row's outcome, from what Slack got and
  // which helm processes ran (attributed by namespace and command: the rows sent together
  // never share both).
  async function ask(rows: Array<[Op, Rule, PlanOutcome]>, channel: string): Promise<void> {
    const sent = await Promise.all(
      rows.map(([op, rule]) =>
        h.slack.mention(TEXTS[op](ns[rule]), { user: ROLES["the requester"], channel }),
      ),
    );
    await h.bot.app?.idle();
    const calls = await recorder.calls();
    await recorder.clear();
    rows.forEach(([op, rule], i) => {
      const ts = sent[i]?.ts ?? "";
      const replies = h.slack.thread(channel, ts).filter((m) => m.user === h.slack.botUserId);
      const plan = replies.map(planIn).find((p) => p !== null);
      const namespace = ns[rule];
      const ran = calls.filter(
        (argv) => argv[0] !== "list" && argv[argv.indexOf("--namespace") + 1] === namespace,
      );
      const read = READ_ARGV[op];
      const answered =
        read !== undefined && ran.some((argv) => read.every((w, k) => argv[k] === w));
      if (plan) plans.set(`${op}|${rule}#1`, plan);
      // A refusal starts no helm process.
      const refusal = ran.length === 0 ? "refusal" : `refused after running ${JSON.stringify(ran)}`;
      planned.set(
        `${op}|${rule}`,
        replies.length === 0 ? "no answer" : plan ? "plan" : answered ? "answer" : refusal,
      );
    });
  }

  describe("PLAN: the requester asks", () => {
    beforeAll(async () => {
      const rows = (ops: Op[], rules: Rule[]) =>
        PLAN_ROWS.filter(([op, rule]) => ops.includes(op) && rules.includes(rule));
      const team: Rule[] = ["allowed namespace", "protected namespace", "outside namespace"];
      await ask(rows(CHANGES, team), CHANNEL);
      await ask(rows(CHANGES, ["read-only channel"]), READ_ONLY);
      await ask(rows(READS, team), CHANNEL);
      await ask(rows(READS, ["read-only channel"]), READ_ONLY);
    });
    it.each(PLAN_ROWS)("%s in the %s → %s", (op, rule, expected) => {
      expect(planned.get(`${op}|${rule}`)).toBe(expected);
    });
  });

  describe.each(CHANGES)("CLICK: Approve on %s plans", (op) => {
    beforeAll(async () => {
      // Plan 1 in each place is the one the PLAN section made; the others are asked for now.
      const more: Array<[Where, number]> = [
        ["allowed namespace", 2],
        ["allowed namespace", 3],
        ["protected namespace", 2],
      ];
      await Promise.all(
        more.map(async ([where, n]) => {
          const { ts } = await h.slack.mention(TEXTS[op](ns[where]), {
            user: ROLES["the requester"],
            channel: CHANNEL,
          });
          plans.set(`${op}|${where}#${n}`, await h.plan(ts));
        }),
      );
      for (const [i, r] of CLICK_ROWS.entries()) {
        const plan = plans.get(`${op}|${r.where}#${r.plan}`);
        const channel = r.from === "its channel" ? CHANNEL : READ_ONLY;
        clicked.set(
          `${op}|${i}`,
          plan ? await observeApproval(h, queue, plan, ROLES[r.by], channel) : "no plan to click",
        );
      }
    });
    it.each(CLICK_ROWS.map((r, i) => ({ ...r, i })))(
      "$by, from $from, $when, on plan $plan in the $where → $expected",
      ({ i, expected }) => {
        expect(clicked.get(`${op}|${i}`)).toBe(expected);
      },
    );
  });
});
