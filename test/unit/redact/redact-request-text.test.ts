import { describe, expect, it } from "vitest";
import { redactRequestText } from "../../../src/redact/redact-request-text.ts";

describe("redactRequestText", () => {
  it.each([
    ["set db auth.password=hunter2 -n shop", "set db auth.password=REDACTED -n shop"],
    ['set api apiKey="s3 cr3t" replicaCount=2', "set api apiKey=REDACTED replicaCount=2"],
    ["set the db password to hunter2", "set the db password to REDACTED"],
    ["upgrade web --set image.tag=1.2.0", "upgrade web --set image.tag=1.2.0"],
    ["status web -n shop", "status web -n shop"],
  ])("%s", (text, expected) => {
    expect(redactRequestText(text)).toBe(expected);
  });
});
