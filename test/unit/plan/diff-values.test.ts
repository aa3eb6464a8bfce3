import { describe, expect, it } from "vitest";
import { diffValues, flattenValues, splitPath } from "../../../src/plan/diff-values.ts";

describe("diffValues", () => {
  it("lists added, removed and changed leaves by dotted path, sorted", () => {
    const before = { replicaCount: 2, image: { tag: "1.0.0", repository: "r" }, old: true };
    const after = { replicaCount: 3, image: { tag: "1.0.0", repository: "r" }, logLevel: "info" };
    expect(diffValues(before, after)).toEqual([
      { path: "logLevel", change: "added", after: "info" },
      { path: "old", change: "removed", before: true },
      { path: "replicaCount", change: "changed", before: 2, after: 3 },
    ]);
  });

  it("reports a changed password as changed with its lengths, helm-diff style", () => {
    const changes = diffValues(
      { auth: { password: { value: "s3cr3t-default" } } },
      { auth: { password: { value: "hunter2" } } },
    );
    expect(changes).toEqual([
      {
        path: "auth.password.value",
        change: "changed",
        before: "REDACTED (14 bytes)",
        after: "REDACTED (7 bytes)",
      },
    ]);
    expect(JSON.stringify(changes)).not.toContain("s3cr3t");
  });

  it("hides secret-shaped values under innocent keys", () => {
    const changes = diffValues({}, { database: { url: "postgres://app:pa55@db:5432/app" } });
    expect(changes).toEqual([
      { path: "database.url", change: "added", after: "REDACTED (31 bytes)" },
    ]);
  });

  it("compares arrays as whole values and escapes dots inside keys", () => {
    const changes = diffValues(
      { args: ["a"], annotations: { "x.io/y": "1" } },
      { args: ["a", "b"], annotations: { "x.io/y": "2" } },
    );
    expect(changes.map((c) => c.path)).toEqual(["annotations.x\\.io/y", "args"]);
    expect(splitPath("annotations.x\\.io/y")).toEqual(["annotations", "x.io/y"]);
  });

  it("treats an empty map as a leaf of its own", () => {
    expect([...flattenValues({ podLabels: {}, a: { b: 1 } }).keys()]).toEqual(["podLabels", "a.b"]);
  });
});
