// The rules behind incident-channel text, one behaviour at a time, on the 37-release inventory.
import { describe, expect, it } from "vitest";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import { splitRequestLines, stripAsides } from "../../../src/intent/split-request-lines.ts";
import { loadInventory } from "./fixtures.ts";

const inventory = loadInventory("inventory-v2.json");
const read = (text: string) => analyzeRules(text, inventory).intent;
const ref = (name: string, namespace: string) => ({ name, namespace });

describe("Slack text", () => {
  it("drops quoted lines and struck-out words, and marks lines addressed to someone", () => {
    expect(stripAsides("&gt; uninstall vault\nupgrade ~redis~ memcached")).toBe(
      "upgrade   memcached",
    );
    expect(splitRequestLines("• kafka ok\n<@U1> rollback loki")).toEqual([
      { text: "kafka ok", addressed: false },
      { text: "<@U1> rollback loki", addressed: true },
    ]);
  });

  it("takes the line that carries the verb and the release, not the status updates", () => {
    const intent = read("update:\n- grafana is green\n- loki lag normal\nroll back tempo please");
    expect(intent).toMatchObject({ operation: "rollback", release: ref("tempo", "monitoring") });
  });

  it("reads the whole message when two lines ask for changes, so nothing is narrowed", () => {
    const intent = read("upgrade kafka to latest\nroll back redis");
    expect(intent.release).toBeNull();
    expect(intent.clarification).toBeTruthy();
  });
});

describe("contrast and negation", () => {
  it("never picks the release that is set aside", () => {
    expect(read("jaeger looks fine; roll back tempo").release).toEqual(ref("tempo", "monitoring"));
    expect(read("upgrade loki to 6.20.0, leave promtail alone").release).toEqual(
      ref("loki", "monitoring"),
    );
  });

  it("still refuses a change over several releases when one more is set aside", () => {
    const intent = read("uninstall kafka and redis but not postgres");
    expect(intent.release).toBeNull();
    expect(intent.candidates.map((c) => c.name).sort()).toEqual(["kafka", "redis"]);
  });

  it("a negated verb asks for nothing: the read after it wins", () => {
    expect(read("rather than rolling back harbor, show me its history").operation).toBe("history");
  });
});

describe("several targets", () => {
  it("refuses a change over a list of namespaces and lists them", () => {
    const intent = read("set replicaCount=2 on api-gateway in staging and production");
    expect(intent.release).toBeNull();
    expect(intent.candidates).toHaveLength(2);
  });

  it("lets a read over several releases through as a list of them", () => {
    const intent = read("values of grafana and loki");
    expect(intent).toMatchObject({ operation: "list", namespace: "monitoring", release: null });
    expect(intent.candidates.map((c) => c.name).sort()).toEqual(["grafana", "loki"]);
  });
});

describe("symptoms, questions and acknowledgements", () => {
  it("reads status codes and stopped activity as symptoms", () => {
    expect(read("ledger started 504ing").operation).toBe("diagnose");
    expect(read("promtail stopped shipping logs").operation).toBe("diagnose");
  });

  it("never starts anything on a thank-you, but does on a request that comes with one", () => {
    for (const text of ["thanks, all good now", "harbor is healthy again, cheers", "lgtm"]) {
      const intent = read(text);
      expect(intent.operation, text).toBe("unknown");
      expect(intent.release, text).toBeNull();
    }
    expect(read("thanks! now roll back harbor").operation).toBe("rollback");
    expect(read("thanks, but kafka is still crashlooping").operation).toBe("diagnose");
  });

  it("reads an action followed by how it went as news, not as an order", () => {
    for (const text of ["rollback fixed it", "the upgrade did the trick", "restart helped"]) {
      expect(read(text).operation, text).toBe("unknown");
    }
    expect(read("rollback fixed it, now upgrade harbor")).toMatchObject({ operation: "upgrade" });
  });
});

describe("values in words and release names used as words", () => {
  it("carries the words of a value as a key for the planner to map", () => {
    expect(read("give ledger 512Mi of memory request").set).toEqual({ "memory.request": "512Mi" });
    expect(read("lower the log level on loki to warn").set).toEqual({ "log.level": "warn" });
  });

  it("does not take an ordinary word as the release when another is named", () => {
    expect(read("the search team says kafka is lagging").release).toEqual(
      ref("kafka", "streaming"),
    );
    expect(read("search for pending releases")).toMatchObject({
      operation: "list",
      statusFilter: "pending",
    });
    expect(read("search is down").release).toEqual(ref("search", "search"));
  });
});
