// The webhook's bearer check: only the exact token passes, whatever the header looks like.
import { describe, expect, it } from "vitest";
import { verifyBearerToken } from "../../../src/alerts/verify-bearer-token.ts";

const TOKEN = "am-token-0123456789abcdef";

describe("verifyBearerToken", () => {
  it("accepts the token as a bearer token, the scheme in any case", () => {
    expect(verifyBearerToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(verifyBearerToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["another token", "Bearer am-token-0123456789abcdeX"],
    ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
    ["the token and more", `Bearer ${TOKEN}x`],
    ["basic auth", `Basic ${Buffer.from(`alertmanager:${TOKEN}`).toString("base64")}`],
    ["the bare token", TOKEN],
    ["a repeated header", [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]],
  ])("refuses %s", (_what, header) => {
    expect(verifyBearerToken(header, TOKEN)).toBe(false);
  });

  it("refuses everything when no token is configured", () => {
    expect(verifyBearerToken("Bearer ", "")).toBe(false);
  });
});
