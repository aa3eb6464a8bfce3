import { describe, expect, it } from "vitest";
import { parseWarnings } from "../../../src/kube/parse-warnings.ts";

describe("parseWarnings", () => {
  it("reads the text of code-299 warnings, several per header, unquoted", () => {
    expect(
      parseWarnings([
        '299 - "spec.template.metadata.annotations[a]: use the \\"seccompProfile\\" field"',
        '299 - "one", 299 - "two" "Tue, 01 Dec 2026 15:00:00 GMT"',
        '199 - "not for people"',
      ]),
    ).toEqual([
      'spec.template.metadata.annotations[a]: use the "seccompProfile" field',
      "one",
      "two",
    ]);
  });
});
