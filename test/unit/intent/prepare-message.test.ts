import { describe, expect, it } from "vitest";
import { prepareMessage } from "../../../src/intent/prepare-message.ts";

describe("prepareMessage", () => {
  it("strips Slack mentions, links, emoji and formatting", () => {
    expect(prepareMessage("<@U123ABC> :fire: *rollback* <https://x.example|kafka> now").text).toBe(
      "rollback kafka now",
    );
  });

  it("decodes Slack's HTML escapes before looking for shell syntax", () => {
    const prepared = prepareMessage("upgrade kafka &amp;&amp; rm -rf /");
    expect(prepared).toEqual({ text: "upgrade kafka", shellSyntax: true, cliStyle: false });
  });

  it("recognises /helm, helm and @wheelhouse prefixes", () => {
    expect(prepareMessage("/helm ls -n cache")).toMatchObject({
      text: "ls -n cache",
      cliStyle: true,
    });
    expect(prepareMessage("helm status kafka")).toMatchObject({
      text: "status kafka",
      cliStyle: true,
    });
    expect(prepareMessage("@wheelhouse status kafka")).toMatchObject({ text: "status kafka" });
  });

  it.each([
    ["rollback kafka; kubectl delete ns x", "rollback kafka"],
    ["rollback kafka $(curl evil)", "rollback kafka"],
    ["rollback kafka | sh", "rollback kafka"],
    ["rollback kafka || true", "rollback kafka"],
    ["rollback kafka > /tmp/x", "rollback kafka"],
    ["rollback kafka\nrm -rf /", "rollback kafka"],
    ["rollback kafka & sleep 10", "rollback kafka"],
  ])("cuts the chained command off %j", (text, kept) => {
    expect(prepareMessage(text)).toMatchObject({ text: kept, shellSyntax: true });
  });

  it("keeps English punctuation and code formatting that holds a request", () => {
    expect(prepareMessage("kafka is down; can you check?")).toMatchObject({ shellSyntax: false });
    expect(prepareMessage("`helm rollback kafka 3`")).toMatchObject({
      text: "rollback kafka 3",
      shellSyntax: false,
      cliStyle: true,
    });
  });

  it("flags code spans and first words that are shell commands", () => {
    expect(prepareMessage("rollback `id` kafka").shellSyntax).toBe(true);
    expect(prepareMessage("kubectl delete ns streaming").shellSyntax).toBe(true);
    expect(prepareMessage("set command=/bin/sh on redis").shellSyntax).toBe(true);
  });

  it("reads arrows as 'to'", () => {
    expect(prepareMessage("kafka 31.0.2 -> 31.1.0").text).toBe("kafka 31.0.2 to 31.1.0");
  });
});
