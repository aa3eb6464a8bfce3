// alertRoutes in the policy: the first matching route, never a channel that may not read the
// namespace, nothing without a route.
import { describe, expect, it } from "vitest";
import { chooseAlertChannel } from "../../../src/policy/choose-alert-channel.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";

const policy = parsePolicy(
  `
channels:
  "*": { namespaces: ["*"] }
  C0SHOP: { namespaces: ["shop-*"] }
alertRoutes:
  - { channel: C0SHOP, namespaces: ["shop-*", "payments"] }
  - { channel: C0PLATFORM, namespaces: ["*", "!kube-system"] }
`,
  "test",
);

describe("chooseAlertChannel", () => {
  it("takes the first route that matches", () => {
    expect(chooseAlertChannel(policy, "shop-eu")).toEqual({ channel: "C0SHOP" });
    expect(chooseAlertChannel(policy, "argocd")).toEqual({ channel: "C0PLATFORM" });
  });

  it("never posts where the channel may not read the namespace", () => {
    expect(chooseAlertChannel(policy, "payments")).toEqual({
      channel: null,
      reason: "not-readable",
      routeChannel: "C0SHOP",
    });
  });

  it("has no channel for namespaces no route takes, or without routes", () => {
    expect(chooseAlertChannel(policy, "kube-system")).toEqual({
      channel: null,
      reason: "no-route",
    });
    expect(chooseAlertChannel(parsePolicy("{}", "test"), "shop-eu")).toEqual({
      channel: null,
      reason: "no-route",
    });
  });

  it("sends alerts without a namespace only to a route for every namespace", () => {
    expect(chooseAlertChannel(policy, null)).toEqual({ channel: "C0PLATFORM" });
  });

  it("refuses routes to something that is not a channel id", () => {
    expect(() => parsePolicy("alertRoutes: [{ channel: '#alerts' }]", "test")).toThrow(
      /alertRoutes\[0\]\.channel/,
    );
  });
});
