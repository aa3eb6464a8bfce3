// The diagnosis as Slack shows it: golden Block Kit for each kind of verdict (the rules' own
// output on captured snapshots), what follows the recommendation, the model's summary marked as
// the model's, and a hostile, secret-bearing diagnosis that stays inert and leaks nothing once
// it went the way every message goes out (redacted, then Block Kit).
import { describe, expect, it } from "vitest";
import { redactMessage } from "../../../src/redact/redact-message.ts";
import { blockKitToText } from "../../../src/render/block-kit/block-kit-to-text.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import type { Message } from "../../../src/render/message.ts";
import { renderDiagnosis } from "../../../src/render/render-diagnosis.ts";
import { diagnosisOf, hostileDiagnosis, LEAKS } from "./diagnosis-fixtures.ts";

async function golden(name: string, msg: Message): Promise<string> {
  const kit = toBlockKit(msg);
  await expect(`${JSON.stringify(kit, null, 2)}\n`).toMatchFileSnapshot(
    `./__golden__/diagnosis-${name}.json`,
  );
  return blockKitToText(kit.blocks, kit.text);
}

describe("renderDiagnosis", () => {
  it("crash-loop: finding, evidence, the revision that brought it, the rollback whose plan follows", async () => {
    const text = await golden(
      "crash-loop",
      renderDiagnosis(diagnosisOf("crash-loop-after-upgrade"), { kind: "plan-follows" }),
    );
    expect(text).toContain("is *not healthy*");
    expect(text).toContain("`crash-loop` · critical");
    expect(text).toMatch(/Introduced by\* revision 2, .*image 1\.4\.2 → 1\.5\.0-crash/);
    expect(text).toContain("Recommended: roll back to revision 1");
    expect(text).toContain("The plan follows in this thread");
  });

  it("stuck pending-upgrade: how long, and that helm refuses new operations", async () => {
    const text = await golden(
      "stuck-pending-upgrade",
      renderDiagnosis(diagnosisOf("stuck-pending-upgrade"), { kind: "plan-follows" }),
    );
    expect(text).toContain("`stuck-pending-upgrade` · critical");
    expect(text).toContain("helm refuses every new install, upgrade and rollback");
  });

  it("stuck pending-install: uninstall, refused by the channel's policy", async () => {
    const reason =
      "This channel is read-only: ask for the uninstall in a channel where changes are allowed.";
    const text = await golden(
      "stuck-pending-install",
      renderDiagnosis(diagnosisOf("stuck-pending-install"), { kind: "not-allowed", reason }),
    );
    expect(text).toContain("Recommended: uninstall web");
    expect(text).toContain(`Not planned here: ${reason}`);
  });

  it("failed hook deleted by its policy: the ask when no chat plans it", async () => {
    const text = await golden(
      "failed-hook",
      renderDiagnosis(diagnosisOf("failed-pre-upgrade-hook-deleted-by-its-policy")),
    );
    expect(text).toContain("`failed-hook` · critical");
    expect(text).toMatch(/Ask for `rollback web to 1 -n diagx-\w+`/);
  });

  it("healthy: says what was checked, recommends nothing", async () => {
    const d = diagnosisOf("healthy");
    const text = await golden("healthy", renderDiagnosis(d, { kind: "plan-follows" }));
    expect(text).toContain("looks healthy");
    expect(text).toContain("*What was checked*");
    for (const line of d.checked) expect(text).toContain(`• ${line}`);
    expect(text).not.toContain("Recommended");
    expect(text).not.toContain("plan follows");
  });

  it("marks the model's summary as the model's", () => {
    const d = { ...diagnosisOf("crash-loop-after-upgrade"), explanation: "It crashes. Roll back." };
    const kit = toBlockKit(renderDiagnosis(d));
    const text = blockKitToText(kit.blocks, kit.text);
    expect(text).toContain("from the model (the findings and the action come from the rules)");
    expect(text).toContain("It crashes. Roll back.");
  });

  it("a release helm does not know", () => {
    const d = {
      ...diagnosisOf("healthy"),
      status: "not-found",
      findings: [],
      recommendation: null,
    };
    const kit = toBlockKit(renderDiagnosis(d));
    expect(blockKitToText(kit.blocks, kit.text)).toMatch(
      /There is no release `web` in `diagx-\w+`/,
    );
    expect(kit.text).toMatch(/no such release/);
  });

  it("hostile and secret-bearing text is inert and redacted on the way out", async () => {
    const msg = redactMessage(renderDiagnosis(hostileDiagnosis(), { kind: "plan-follows" }));
    const json = JSON.stringify(toBlockKit(msg));
    await golden("hostile", msg);
    for (const secret of Object.values(LEAKS)) expect(json).not.toContain(secret);
    expect(json).toContain("DB_PASSWORD=");
    expect(json).toContain("GET /api/v1/orders Authorization:");
    expect(json).toContain("&lt;!channel&gt;");
    expect(json).not.toMatch(/<!channel>|<!here>|<@U0EVIL>|<#C0EVIL|<https:\/\/evil/);
  });
});
