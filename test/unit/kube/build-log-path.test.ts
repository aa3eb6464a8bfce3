import { describe, expect, it } from "vitest";
import { buildLogPath } from "../../../src/kube/api-log-reader.ts";

describe("buildLogPath", () => {
  const query = { namespace: "shop", pod: "web-745bf5cbdf-sfl6n", container: "web", lines: 20 };

  it("asks for the tail of one container, of the previous instance when asked", () => {
    expect(buildLogPath({ ...query, previous: true })).toBe(
      "/api/v1/namespaces/shop/pods/web-745bf5cbdf-sfl6n/log?container=web&tailLines=20&previous=true",
    );
    expect(buildLogPath({ ...query, previous: false })).toBe(
      "/api/v1/namespaces/shop/pods/web-745bf5cbdf-sfl6n/log?container=web&tailLines=20",
    );
  });

  it("refuses what would change the path or the query, with the same checks as kubectl's argv", () => {
    const bad = [
      { pod: "../secrets" },
      { pod: "web/exec" },
      { container: "web&follow=true" },
      { namespace: "shop%2F.." },
      { lines: 20.5 },
    ];
    for (const b of bad)
      expect(() => buildLogPath({ ...query, previous: false, ...b })).toThrow(/^Refused /);
  });
});
