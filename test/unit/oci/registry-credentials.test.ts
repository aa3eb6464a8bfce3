import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { credentialFor, readRegistryCredential } from "../../../src/oci/registry-credentials.ts";

const auth = (text: string) => Buffer.from(text).toString("base64");

describe("registry credentials from helm's registry config", () => {
  const config = {
    auths: {
      "registry.example:5000": { auth: auth("robot:pa:ss") },
      "https://index.docker.io/v1/": { username: "me", password: "secret" },
      "no-auth.example": {},
    },
  };

  it("decodes `auth` (the password may hold ':') and plain username/password", () => {
    expect(credentialFor(config, "registry.example:5000")).toEqual({
      username: "robot",
      password: "pa:ss",
    });
    expect(credentialFor(config, "index.docker.io")).toEqual({
      username: "me",
      password: "secret",
    });
  });

  it("has none for other hosts, empty entries or a file that is not a registry config", () => {
    expect(credentialFor(config, "registry.example")).toBeNull();
    expect(credentialFor(config, "no-auth.example")).toBeNull();
    expect(credentialFor({ auths: "nope" }, "registry.example:5000")).toBeNull();
  });

  it("reads the file: none when it does not exist, an error naming it when it is not JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wh-registry-config-"));
    expect(await readRegistryCredential(join(dir, "missing.json"), "x")).toBeNull();
    const good = join(dir, "config.json");
    await writeFile(good, JSON.stringify(config));
    expect(await readRegistryCredential(good, "registry.example:5000")).toMatchObject({
      username: "robot",
    });
    const bad = join(dir, "bad.json");
    await writeFile(bad, "{not json");
    await expect(readRegistryCredential(bad, "x")).rejects.toMatchObject({
      code: "oci_registry_config_invalid",
      message: expect.stringContaining(bad),
    });
  });
});
