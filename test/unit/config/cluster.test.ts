// WHEELHOUSE_CLUSTER: required outside the playground with an error that names it and says
// why, a name fit for Redis keys, and the key prefix every store, queue and lock shares.
import { describe, expect, it } from "vitest";
import { ConfigError, clusterFor, loadConfig } from "../../../src/config/config.ts";
import { clusterKeyPrefix } from "../../../src/model/cluster-name.ts";

describe("WHEELHOUSE_CLUSTER", () => {
  it("names the cluster, and the prefix of its keys", () => {
    const config = loadConfig({ WHEELHOUSE_CLUSTER: "prod-eu-1", SLACK_BOT_TOKEN: "xoxb-1" });
    expect(clusterFor(config, false)).toBe("prod-eu-1");
    expect(clusterKeyPrefix("prod-eu-1")).toBe("wheelhouse:prod-eu-1");
  });

  it("is required outside the playground, with a message that says what it is for", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" });
    let error: unknown;
    try {
      clusterFor(config, false);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: "wheelhouse_config_invalid",
      problems: [
        expect.stringMatching(
          /^WHEELHOUSE_CLUSTER: required outside the playground: .*scopes Redis keys, queues, audit entries and plans/,
        ),
      ],
    });
    expect(clusterFor(config, true)).toBe("playground");
  });

  it("refuses names that would not make a clean key", () => {
    for (const bad of ["Prod", "prod eu", "prod:eu", "-prod", "a".repeat(41)]) {
      expect(() => loadConfig({ WHEELHOUSE_CLUSTER: bad })).toThrow(/WHEELHOUSE_CLUSTER: /);
    }
  });
});
