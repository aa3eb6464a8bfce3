// `wheelhouse diagnose`: the contract's JSON, the text, exit codes, snapshots saved redacted and
// read back to the same diagnosis, and the recommendation as the Intent the planners take.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DiagnoseCommandDeps, diagnoseCommand } from "../../../src/cli/diagnose-command.ts";
import { diagnoseSnapshot } from "../../../src/diagnose/diagnose-snapshot.ts";
import { intentForRecommendation } from "../../../src/diagnose/intent-for-recommendation.ts";
import { redactSnapshot } from "../../../src/diagnose/redact-snapshot.ts";
import { limitConcurrency } from "../../../src/gather/limit-concurrency.ts";
import { releaseSnapshotSchema } from "../../../src/model/release-snapshot.ts";
import { at, editSnapshot, loadSnapshot } from "./snapshot-fixtures.ts";

const FIXTURE = join(import.meta.dirname, "..", "..", "fixtures", "diagnose", "snapshots");

function run(args: string[], live = loadSnapshot("stuck-pending-upgrade")) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const deps: DiagnoseCommandDeps = {
    diagnose: async () => ({ diagnosis: diagnoseSnapshot(live), snapshot: live }),
    readFile: async (path) => readFileSync(path, "utf8"),
    writeFile: async (path, text) => {
      files.set(path, text);
    },
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  };
  return diagnoseCommand(args, deps).then((code) => ({
    code,
    out: out.join("\n"),
    err: err.join("\n"),
    files,
  }));
}

describe("wheelhouse diagnose", () => {
  it("prints exactly the contract's JSON for a saved snapshot", async () => {
    const { code, out } = await run(["--json", "--snapshot", join(FIXTURE, "failed-upgrade.json")]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(["release", "status", "findings", "recommendation"]);
    expect(json.release).toMatchObject({ name: "web", revision: 2, chart: "diag-1.0.0" });
    expect(json.status).toBe("failed");
    expect(Object.keys(json.findings[0])).toEqual(["code", "severity", "summary", "evidence"]);
    expect(json.recommendation).toMatchObject({ operation: "rollback", targetRevision: 1 });
  });

  it("prints the findings, the cause and how to ask for the fix as text", async () => {
    const { code, out } = await run(["web", "-n", "shop"]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^web in diagx-473a37: pending-upgrade at revision 2 \(diag-1\.0\.0\)\n✗ critical stuck-pending-upgrade: /,
    );
    expect(out).toContain("recommendation: rollback to revision 1: ");
    expect(out).toContain('plan it: wheelhouse plan "rollback web to 1 -n diagx-473a37"');
    expect(out).toMatch(/\nchecked: helm status \(pending-upgrade, revision 2\)/);
  });

  it("saves the snapshot redacted, and the saved file gives the same diagnosis", async () => {
    const live = editSnapshot("crash-loop-after-upgrade", (s) => {
      const [rev2, rev1] = s.revisions;
      if (!rev2 || !rev1) throw new Error("fixture");
      rev1.values = { auth: { password: "old-hunter2" } };
      rev2.values = {
        ...rev2.values,
        auth: { password: "new-hunter3" },
        db: { password: "new-hunter3" },
      };
    });
    const { files, out } = await run(
      ["web", "-n", "shop", "--save-snapshot", "/tmp/x.json", "--json"],
      live,
    );
    const saved = files.get("/tmp/x.json") ?? "";
    expect(saved).not.toMatch(/hunter/);
    const again = diagnoseSnapshot(releaseSnapshotSchema.parse(JSON.parse(saved)));
    expect(JSON.parse(out).recommendation).toEqual(again.recommendation);
    expect(again.correlation?.changes.find((c) => c.subject === "auth.password")).toMatchObject({
      secret: true,
    });
    // Equal secrets get equal tokens; different ones different tokens.
    const values = JSON.parse(saved).revisions.map((r: { values: unknown }) => r.values);
    expect(values[0].auth.password).toBe(values[0].db.password);
    expect(values[0].auth.password).not.toBe(values[1].auth.password);
  });

  it("exits 3 for a release helm does not know, 2 for bad usage or a bad file", async () => {
    expect(
      (
        await run(
          ["web", "-n", "shop"],
          editSnapshot("healthy", (s) => {
            s.status = null;
          }),
        )
      ).code,
    ).toBe(3);
    expect((await run(["web"])).code).toBe(2);
    expect((await run(["web", "-n", "Not_A_Namespace"])).code).toBe(2);
    expect((await run(["--snapshot", "x.json", "web"])).code).toBe(2);
    const bad = await run(["--snapshot", join(FIXTURE, "..", "charts", "diag", "Chart.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/cannot read .*Chart\.yaml as JSON/);
  });

  it("refuses a JSON file that is not a snapshot, naming the field", async () => {
    const path = join(import.meta.dirname, "..", "..", "..", "package.json");
    const { code, err } = await run(["--snapshot", path]);
    expect(code).toBe(2);
    expect(err).toMatch(/is not a release snapshot: format: /);
  });
});

describe("redactSnapshot", () => {
  it("removes Secret data, env secrets and credential lines, and keeps what the rules read", () => {
    const live = editSnapshot("failed-upgrade", (s) => {
      for (const r of s.revisions)
        r.manifest = r.manifest.replace("PASSWORD: REDACTED", 'PASSWORD: "diag-s3cr3t"');
      at(s.pods[0], "spec", "containers", 0).env = [{ name: "DB_PASSWORD", value: "diag-s3cr3t" }];
      for (const l of s.logs) l.text += "\nretrying with password=diag-s3cr3t";
    });
    expect(JSON.stringify(live)).toContain("diag-s3cr3t");
    const redacted = redactSnapshot(live);
    expect(JSON.stringify(redacted)).not.toContain("diag-s3cr3t");
    expect(diagnoseSnapshot(redacted).findings.map((f) => f.code)).toEqual([
      "failed-release",
      "crash-loop",
    ]);
    expect(diagnoseSnapshot(redacted).recommendation).toEqual(
      diagnoseSnapshot(live).recommendation,
    );
  });
});

describe("intentForRecommendation", () => {
  it("turns rollback and uninstall into Intents, and none into nothing", () => {
    const rollback = intentForRecommendation(
      diagnoseSnapshot(loadSnapshot("stuck-pending-upgrade")),
    );
    expect(rollback).toMatchObject({
      operation: "rollback",
      targetRevision: 1,
      release: { name: "web", namespace: "diagx-473a37" },
    });
    const uninstall = intentForRecommendation(
      diagnoseSnapshot(loadSnapshot("stuck-pending-install")),
    );
    expect(uninstall).toMatchObject({ operation: "uninstall", targetRevision: null });
    expect(intentForRecommendation(diagnoseSnapshot(loadSnapshot("healthy")))).toBeNull();
  });
});

describe("limitConcurrency", () => {
  it("runs at most N tasks at once and every task to the end", async () => {
    const limit = limitConcurrency(2);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limit(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          if (i === 3) throw new Error("task 3 fails");
          return i;
        }).catch((e: Error) => e.message),
      ),
    );
    expect(most).toBe(2);
    expect(results).toEqual([0, 1, 2, "task 3 fails", 4, 5, 6]);
  });
});
