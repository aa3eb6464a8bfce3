// A channel never sees release or namespace names it may not read: inventory and candidates are
// filtered by its readable namespaces, and `/helm audit` shows only entries it may read.
import { describe, expect, it } from "vitest";
import { filterReadable } from "../../../src/policy/filter-readable.ts";
import { maySeeAuditEntry } from "../../../src/policy/may-see-audit-entry.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";

const policy = parsePolicy(
  `
channels:
  C0SHOP:
    namespaces: ["shop-*", "!shop-secret"]
  C0PLATFORM:
    namespaces: ["*"]
`,
  "visibility.yaml",
);

const releases = [
  { name: "web", namespace: "shop-eu" },
  { name: "web", namespace: "payments" },
  { name: "vault", namespace: "shop-secret" },
  { name: "cart", namespace: "shop-us" },
];

describe("filterReadable", () => {
  it("keeps only what lives in the channel's readable namespaces", () => {
    expect(filterReadable(policy, "C0SHOP", releases)).toEqual([
      { name: "web", namespace: "shop-eu" },
      { name: "cart", namespace: "shop-us" },
    ]);
    expect(filterReadable(policy, "C0PLATFORM", releases)).toEqual(releases);
  });

  it("keeps nothing for a channel the policy does not serve", () => {
    expect(filterReadable(policy, "C0STRANGER", releases)).toEqual([]);
  });

  it("gives the same frozen array for the same inventory, policy and channel, so the analyser's index over it is built once", () => {
    const first = filterReadable(policy, "C0SHOP", releases);
    expect(filterReadable(policy, "C0SHOP", releases)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(filterReadable(policy, "C0PLATFORM", releases)).not.toBe(first);
    expect(filterReadable({ ...policy }, "C0SHOP", releases)).not.toBe(first);
    const refreshed = [...releases, { name: "new", namespace: "shop-eu" }];
    expect(filterReadable(policy, "C0SHOP", refreshed)).toContainEqual({
      name: "new",
      namespace: "shop-eu",
    });
  });
});

describe("maySeeAuditEntry", () => {
  const about = (namespace: string, channel = "C0PLATFORM") => ({
    channel,
    release: { name: "web", namespace },
  });

  it("shows entries about releases the channel may read, from whichever channel", () => {
    expect(maySeeAuditEntry(policy, "C0SHOP", about("shop-eu"))).toBe(true);
    expect(maySeeAuditEntry(policy, "C0SHOP", about("payments"))).toBe(false);
    expect(maySeeAuditEntry(policy, "C0SHOP", about("shop-secret", "C0SHOP"))).toBe(false);
    expect(maySeeAuditEntry(policy, "C0PLATFORM", about("payments"))).toBe(true);
  });

  it("shows entries about no release (requests as typed) only in their own channel", () => {
    const request = (channel: string | null) => ({ channel, release: null });
    expect(maySeeAuditEntry(policy, "C0SHOP", request("C0SHOP"))).toBe(true);
    expect(maySeeAuditEntry(policy, "C0SHOP", request("C0PLATFORM"))).toBe(false);
    expect(maySeeAuditEntry(policy, "C0PLATFORM", request(null))).toBe(false);
  });

  it("shows nothing to a channel the policy does not serve", () => {
    expect(maySeeAuditEntry(policy, "C0STRANGER", about("shop-eu"))).toBe(false);
    expect(maySeeAuditEntry(policy, "C0STRANGER", { channel: "C0STRANGER", release: null })).toBe(
      false,
    );
  });
});
