import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeCommandDeps, analyzeCommand } from "../../../src/cli/analyze-command.ts";
import { emptyIntent, intentSchema } from "../../../src/model/intent.ts";
import type { Inventory } from "../../../src/model/release.ts";

const INVENTORY: Inventory = [
  {
    name: "kafka",
    namespace: "streaming",
    revision: 7,
    updated: "",
    status: "deployed",
    chart: "kafka-31.0.2",
    app_version: "3.9.0",
  },
  {
    name: "web",
    namespace: "prod",
    revision: 3,
    updated: "",
    status: "deployed",
    chart: "web-1.0.0",
    app_version: "1",
  },
  {
    name: "web",
    namespace: "qa",
    revision: 9,
    updated: "",
    status: "failed",
    chart: "web-1.1.0",
    app_version: "1",
  },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "wheelhouse-analyze-"));
  nock.disableNetConnect();
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let listed = 0;
  const deps: AnalyzeCommandDeps = {
    listInventory: async () => {
      listed++;
      return INVENTORY;
    },
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env,
  };
  return analyzeCommand(args, deps).then((code) => ({ code, out, err, listed }));
}

describe("wheelhouse analyze", () => {
  it("prints one Intent as one JSON line, asking the cluster for the inventory", async () => {
    const { code, out, err, listed } = await run(["rollback kafka to revision 5"]);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(listed).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).not.toContain("\n");
    expect(intentSchema.parse(JSON.parse(out[0] ?? ""))).toMatchObject({
      operation: "rollback",
      release: { name: "kafka", namespace: "streaming" },
      targetRevision: 5,
    });
  });

  it("reads the inventory from --inventory FILE instead of the cluster", async () => {
    const path = await file(
      "inventory.json",
      JSON.stringify([{ ...INVENTORY[0], name: "redpanda", revision: "2" }]),
    );
    const { code, out, listed } = await run(["--inventory", path, "status of redpanda"]);
    expect(code).toBe(0);
    expect(listed).toBe(0);
    expect(JSON.parse(out[0] ?? "").release).toEqual({ name: "redpanda", namespace: "streaming" });
  });

  it("takes helm-style flags in unquoted text as part of the message", async () => {
    const { out } = await run(["rollback", "web", "3", "-n", "qa"]);
    expect(JSON.parse(out[0] ?? "")).toMatchObject({
      release: { name: "web", namespace: "qa" },
      targetRevision: 3,
    });
  });

  it("prints one Intent per --batch line, in order", async () => {
    const path = await file(
      "batch.jsonl",
      [
        JSON.stringify({ text: "upgrade kafka to 31.1.0", expect: {} }),
        "",
        JSON.stringify({ text: "upgrade web" }),
        JSON.stringify({ text: "help" }),
      ].join("\n"),
    );
    const { code, out } = await run(["--batch", path]);
    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line).operation)).toEqual(["upgrade", "upgrade", "help"]);
    expect(JSON.parse(out[1] ?? "").candidates).toHaveLength(2);
  });

  it.each([
    [
      "a missing inventory file",
      () => ["--inventory", join(dir, "nope.json"), "status kafka"],
      /nope\.json: cannot read file \(ENOENT\)/,
    ],
    [
      "an inventory that is not JSON",
      async () => ["--inventory", await file("bad.json", "{nope"), "status kafka"],
      /bad\.json: not JSON/,
    ],
    [
      "an inventory of the wrong shape",
      async () => ["--inventory", await file("shape.json", '{"releases": []}'), "x"],
      /shape\.json: not a helm list/,
    ],
    [
      "a release with a bad status",
      async () => [
        "--inventory",
        await file("status.json", JSON.stringify([{ ...INVENTORY[0], status: "weird" }])),
        "x",
      ],
      /status\.json: not a helm list .* at 0\.status/,
    ],
    [
      "a batch line that is not JSON",
      async () => ["--batch", await file("b1.jsonl", '{"text":"ok"}\nnot json')],
      /b1\.jsonl line 2: not JSON/,
    ],
    [
      "a batch line without text",
      async () => ["--batch", await file("b2.jsonl", '{"txt":"ok"}')],
      /b2\.jsonl line 1: needs a "text" string/,
    ],
    [
      "a missing batch file",
      () => ["--batch", join(dir, "none.jsonl")],
      /none\.jsonl: cannot read file/,
    ],
    [
      "both a text and a batch",
      async () => ["--batch", await file("b3.jsonl", '{"text":"x"}'), "status kafka"],
      /either a text or --batch/,
    ],
    ["--inventory without a file", () => ["--inventory"], /--inventory needs a file/],
  ])("exits 2 with one clear line on %s", async (_what, args, message) => {
    const { code, out, err } = await run(await args());
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^wheelhouse analyze: /);
    expect(err[0]).toMatch(message);
  });

  it("prints usage and exits 2 without a text", async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/usage: wheelhouse analyze/);
  });

  it("prints usage and exits 0 with --help", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/--batch FILE/);
  });

  it("exits 2 on a bad configuration", async () => {
    const { code, err } = await run(["status kafka"], { WHEELHOUSE_INTENT_MODE: "yolo" });
    expect(code).toBe(2);
    expect(err[0]).toMatch(/WHEELHOUSE_INTENT_MODE/);
  });

  it("exits 1 when the cluster cannot be asked", async () => {
    const err: string[] = [];
    const code = await analyzeCommand(["status kafka"], {
      listInventory: async () => {
        throw new Error("helm: connection refused");
      },
      stdout: () => {},
      stderr: (s) => err.push(s),
      env: {},
    });
    expect(code).toBe(1);
    expect(err[0]).toMatch(/connection refused/);
  });

  it("asks Gemini when GEMINI_API_KEY is set, and logs a fallback on stderr", async () => {
    let requests = 0;
    nock("https://generativelanguage.googleapis.com")
      .post(/:generateContent$/, () => {
        requests++;
        return true;
      })
      .times(3)
      .reply(500, { error: { code: 500, message: "boom" } });
    const env = {
      GEMINI_API_KEY: "k",
      WHEELHOUSE_INTENT_MODE: "model-first",
      GEMINI_TIMEOUT_MS: "2000",
    };
    const { code, out, err: errors } = await run(["status of kafka"], env);
    expect(code).toBe(0);
    expect(requests).toBe(1);
    expect(JSON.parse(out[0] ?? "").operation).toBe("status");
    expect(JSON.parse(errors[0] ?? "")).toMatchObject({ code: "wheelhouse_intent_model_failed" });
  });

  it("uses a good Gemini answer", async () => {
    nock("https://generativelanguage.googleapis.com")
      .post(/:generateContent$/)
      .reply(200, {
        candidates: [
          {
            content: {
              parts: [
                {
                  text: JSON.stringify({
                    ...emptyIntent("history"),
                    release: { name: "kafka", namespace: "streaming" },
                  }),
                },
              ],
            },
          },
        ],
      });
    const env = { GEMINI_API_KEY: "k", WHEELHOUSE_INTENT_MODE: "model-first" };
    const { out } = await run(["what has kafka been through lately"], env);
    expect(JSON.parse(out[0] ?? "")).toMatchObject({
      operation: "history",
      release: { name: "kafka" },
    });
  });
});
