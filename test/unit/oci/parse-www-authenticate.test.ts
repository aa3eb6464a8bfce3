import { describe, expect, it } from "vitest";
import { parseWwwAuthenticate } from "../../../src/oci/parse-www-authenticate.ts";

describe("parseWwwAuthenticate", () => {
  it("reads a Docker token-spec Bearer challenge", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:charts/webapp:pull"',
      ),
    ).toEqual({
      scheme: "bearer",
      params: {
        realm: "https://auth.example/token",
        service: "registry.example",
        scope: "repository:charts/webapp:pull",
      },
    });
  });

  it("reads Basic, unquoted values, escapes and any case", () => {
    expect(parseWwwAuthenticate('basic realm="my \\"registry\\""')).toEqual({
      scheme: "basic",
      params: { realm: 'my "registry"' },
    });
    expect(parseWwwAuthenticate("BEARER realm=https://a/t, service=reg")).toEqual({
      scheme: "bearer",
      params: { realm: "https://a/t", service: "reg" },
    });
  });

  it("has nothing to say about no header or another scheme", () => {
    expect(parseWwwAuthenticate(null)).toBeNull();
    expect(parseWwwAuthenticate("Negotiate")?.scheme).toBe("other");
  });
});
