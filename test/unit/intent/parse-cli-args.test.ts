import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../../src/intent/parse-cli-args.ts";
import { tokenize } from "../../../src/intent/tokenize.ts";

const parse = (text: string) => parseCliArgs(tokenize(text));

describe("parseCliArgs", () => {
  it("reads the flags Wheelhouse understands", () => {
    const args = parse(
      "upgrade webapp -n staging --version 1.6.0 --set a.b=3,c=d --set-string e=1",
    );
    expect(args).toMatchObject({
      namespace: "staging",
      version: "1.6.0",
      sets: [
        { text: "a.b=3,c=d", forceString: false },
        { text: "e=1", forceString: true },
      ],
      rejectedFlags: false,
    });
    expect(args.rest.map((t) => t.word)).toEqual(["upgrade", "webapp"]);
  });

  it("reads --namespace=x, -A and status filters", () => {
    expect(parse("ls --namespace=cache").namespace).toBe("cache");
    expect(parse("ls -A").allNamespaces).toBe(true);
    expect(parse("ls --pending").statusFilter).toBe("pending");
  });

  it("drops harmless flags and their values", () => {
    const args = parse("rollback kafka 3 --wait --timeout 5m -o json --dry-run=server");
    expect(args.rejectedFlags).toBe(false);
    expect(args.rest.map((t) => t.word)).toEqual(["rollback", "kafka", "3"]);
  });

  it.each([
    "upgrade kafka --post-renderer /bin/sh",
    "upgrade kafka --kubeconfig=/tmp/k",
    "upgrade kafka -f values.yaml",
    "upgrade kafka --set-file a=/etc/passwd",
    "upgrade kafka --totally-unknown",
    "upgrade kafka oci://registry.example/kafka",
  ])("rejects %j and never keeps the flag's value", (text) => {
    const args = parse(text);
    expect(args.rejectedFlags).toBe(true);
    expect(args.rest.map((t) => t.word)).toEqual(["upgrade", "kafka"]);
  });
});
