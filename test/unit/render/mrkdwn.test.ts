// The inline model and its Slack rendering: strings are always literal text, nodes are the only
// markup, and cutting a long text never leaves a code span open for data to escape from.
import { describe, expect, it } from "vitest";
import { inertProse } from "../../../src/render/block-kit/inert-text.ts";
import { clipMrkdwn, splitLines, toMrkdwn } from "../../../src/render/block-kit/mrkdwn.ts";
import { bold, code, italic, link, md, mention } from "../../../src/render/markdown.ts";
import { message, plainText } from "../../../src/render/message.ts";

describe("md", () => {
  it("keeps the template's words and interpolated strings as literal text, nodes as nodes", () => {
    const who = "{@U0EVIL} **x**";
    expect(md`hi ${who} and ${mention("U0BOB")}, ${3} ${md`a${bold("b")}`}`).toEqual([
      { kind: "text", text: "hi {@U0EVIL} **x** and " },
      { kind: "mention", user: "U0BOB" },
      { kind: "text", text: ", 3 a" },
      { kind: "bold", children: [{ kind: "text", text: "b" }] },
    ]);
  });

  it("makes a mention, channel or link only of what looks like one", () => {
    expect(mention("wheelhouse")).toEqual({ kind: "text", text: "wheelhouse" });
    expect(mention("<!channel>")).toEqual({ kind: "text", text: "<!channel>" });
    expect(link("javascript:alert(1)", "x")).toEqual({
      kind: "text",
      text: "x (javascript:alert(1))",
    });
    expect(toMrkdwn(md`${link("https://example.com/a?b=1&c=2", "the *docs*")}`)).toBe(
      "<https://example.com/a?b=1&amp;c=2|the ∗docs∗>",
    );
  });

  it("reads as plain words, and takes a string summary as literal text", () => {
    const summary = md`${bold("Plan")} by ${mention("U0BOB")}: ${code("x")}`;
    expect(plainText(message(summary, []).summary)).toBe("Plan by @U0BOB: x");
    expect(message("*x* {@U0BOB}", []).summary).toEqual([{ kind: "text", text: "*x* {@U0BOB}" }]);
    expect(plainText(md`${italic(link("https://a.example", "a"))}`)).toBe("a (https://a.example)");
  });
});

describe("toMrkdwn", () => {
  it("keeps underscores and asterisks inside words, breaks those that could format", () => {
    expect(inertProse("DB_PASSWORD a*b snake_case_name")).toBe("DB_PASSWORD a*b snake_case_name");
    expect(inertProse("_x_ *y* ~z~ `w` _")).toBe("ˍxˍ ∗y∗ ∼z∼ ˋwˋ ˍ");
  });

  it("keeps a data line from becoming a blockquote", () => {
    expect(inertProse("ok\n  > quoted")).toBe("ok\n  \u00ad&gt; quoted");
  });

  it("renders code without its backticks or line breaks, and an empty value visibly", () => {
    expect(toMrkdwn(md`${code("a`b\nc")} ${code("")}`)).toBe('`aˋb c` ""');
  });

  it("puts markers around the words, not around their spaces, and never nests them", () => {
    expect(toMrkdwn(md`${bold(" x ")}|${bold(md`a ${bold("b")}`)}|${bold("")}`)).toBe(
      " *x* |*a b*|",
    );
  });
});

describe("cutting mrkdwn", () => {
  const line = toMrkdwn(md`${code("a*b*c ".repeat(30))} then ${code("x")}`);

  it("closes a code span it cuts open", () => {
    const cut = clipMrkdwn(line, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.split("`").length % 2).toBe(1);
    expect(cut.endsWith("`…")).toBe(true);
  });

  it("never cuts an entity or a mention in half", () => {
    expect(clipMrkdwn("abc &amp; def", 8)).toBe("abc …");
    expect(clipMrkdwn("by <@U0ALICE> now", 10)).toBe("by …");
  });

  it("splits a long line into chunks that each close what they open", () => {
    const chunks = splitLines(line, 40);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(40);
      expect(chunk.split("`").length % 2).toBe(1);
    }
    expect(chunks.join("").replaceAll("`", "")).toBe(line.replaceAll("`", ""));
  });
});
