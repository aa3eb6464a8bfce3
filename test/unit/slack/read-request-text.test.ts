import { describe, expect, it } from "vitest";
import { readRequestText, stripMention } from "../../../src/slack/read-request-text.ts";

describe("stripMention", () => {
  it("removes the bot's own mention wherever it is, and only the bot's", () => {
    expect(stripMention("<@U0WHEELBOT> status web", "U0WHEELBOT")).toBe("status web");
    expect(stripMention("hey <@U0WHEELBOT|wheelhouse> ask <@U0BOB>", "U0WHEELBOT")).toBe(
      "hey ask <@U0BOB>",
    );
  });
});

describe("readRequestText", () => {
  it.each(["", "help", "/helm help", "--help"])("treats %j as help", (text) => {
    expect(readRequestText(text)).toEqual({ kind: "help" });
  });

  it("reads audit with a release and namespace", () => {
    expect(readRequestText("audit web -n shop")).toEqual({
      kind: "audit",
      release: "web",
      namespace: "shop",
    });
    expect(readRequestText("audit")).toEqual({ kind: "audit", release: null, namespace: null });
  });

  it("refuses audit arguments that are not names", () => {
    expect(readRequestText("audit $(rm -rf /)")).toMatchObject({ kind: "bad-audit" });
    expect(readRequestText("audit web -n Shop_Prod")).toMatchObject({ kind: "bad-audit" });
  });

  it("passes everything else to the analyser as typed", () => {
    expect(readRequestText("upgrade web -n shop --version 1.2.0")).toEqual({
      kind: "text",
      text: "upgrade web -n shop --version 1.2.0",
    });
  });
});
