// WHEELHOUSE_PLAN_KEY: at least 32 characters, required outside the playground with an error
// that names it, a fresh random key per playground run, and never echoed in an error.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, planKeyFor } from "../../../src/config/config.ts";

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("WHEELHOUSE_PLAN_KEY", () => {
  const key = "0123456789abcdef0123456789abcdef";

  it("is read from the environment and used as given", () => {
    const config = loadConfig({ WHEELHOUSE_PLAN_KEY: key, SLACK_BOT_TOKEN: "xoxb-1" });
    expect(planKeyFor(config, false)).toBe(key);
    expect(planKeyFor(config, true)).toBe(key);
  });

  it("refuses a key under 32 characters, naming the variable but not the value", () => {
    const short = "too-short-a-key-1234";
    const error = configError(() => loadConfig({ WHEELHOUSE_PLAN_KEY: short }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^WHEELHOUSE_PLAN_KEY: use at least 32 characters/),
    ]);
    expect(error.message).not.toContain(short);
  });

  it("is required outside the playground: the error names it and says what it is for", () => {
    const error = configError(() => planKeyFor(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" }), false));
    expect(error.code).toBe("wheelhouse_config_invalid");
    expect(error.problems[0]).toMatch(/^WHEELHOUSE_PLAN_KEY: required outside the playground/);
    expect(error.message).toContain("openssl rand -hex 32");
  });

  it("is made up per run in the playground: random, long enough, never the same twice", () => {
    const config = loadConfig({});
    const a = planKeyFor(config, true);
    const b = planKeyFor(config, true);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(a).not.toBe(b);
  });
});
