import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/intent/tokenize.ts";

const words = (text: string) => tokenize(text).map((t) => t.word);

describe("tokenize", () => {
  it("opens contractions and marks possessives", () => {
    expect(words("what's up with jaeger's values? it isn't ok")).toEqual([
      "what",
      "is",
      "up",
      "with",
      "jaeger",
      "values",
      "it",
      "is",
      "not",
      "ok",
    ]);
    expect(tokenize("jaeger's")[0]?.possessive).toBe(true);
  });

  it("keeps quoted strings and helm value lists whole", () => {
    const tokens = tokenize('set a.b="x y" --set c=1,d=2');
    expect(tokens.map((t) => t.raw)).toEqual(["set", 'a.b="x y"', "--set", "c=1,d=2"]);
    expect(tokens.map((t) => t.kind)).toEqual(["word", "assignment", "flag", "assignment"]);
  });

  it("classifies versions, numbers and flags", () => {
    expect(tokenize("v1.6.0 31.1.0-rc.1 39 -n --version").map((t) => t.kind)).toEqual([
      "version",
      "version",
      "number",
      "flag",
      "flag",
    ]);
  });

  it("joins 'key = value' written with spaces", () => {
    expect(tokenize("replicaCount = 4").map((t) => t.raw)).toEqual(["replicaCount=4"]);
  });

  it("splits 'kafka@31.1.0' into a release and a version", () => {
    expect(words("kafka@31.1.0")).toEqual(["kafka", "to", "31.1.0"]);
  });

  it("drops sentence punctuation but remembers clause ends", () => {
    const tokens = tokenize("kafka, redis. 31.1.0.");
    expect(tokens.map((t) => t.word)).toEqual(["kafka", "redis", "31.1.0"]);
    expect(tokens.every((t) => t.endsClause)).toBe(true);
  });
});
