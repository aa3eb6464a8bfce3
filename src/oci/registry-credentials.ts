// Credentials for OCI registries from helm's registry config (HELM_REGISTRY_CONFIG, the Docker
// config.json format `helm registry login` writes). Read once per lookup; never logged or shown.
import { readFile } from "node:fs/promises";
import { z } from "zod";

export interface RegistryCredential {
  username: string;
  password: string;
}

const authEntrySchema = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});

const registryConfigSchema = z.object({
  auths: z.record(z.string(), authEntrySchema).default({}),
});

export class RegistryConfigError extends Error {
  readonly code = "oci_registry_config_invalid";
  constructor(path: string, reason: string, cause?: unknown) {
    super(`The registry config ${path} cannot be read: ${reason}.`, { cause });
    this.name = "RegistryConfigError";
  }
}

// "https://registry.example.com/v1/" and "registry.example.com" name the same registry.
function hostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
}

function decode(entry: z.infer<typeof authEntrySchema>): RegistryCredential | null {
  if (entry.username !== undefined && entry.password !== undefined)
    return { username: entry.username, password: entry.password };
  if (entry.auth === undefined) return null;
  const text = Buffer.from(entry.auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return colon < 0 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function credentialFor(config: unknown, registry: string): RegistryCredential | null {
  const parsed = registryConfigSchema.safeParse(config);
  if (!parsed.success) return null;
  for (const [key, entry] of Object.entries(parsed.data.auths)) {
    if (hostOf(key) === registry) return decode(entry);
  }
  return null;
}

// No file means no credentials (anonymous pulls); a file that is not JSON is an error to fix.
export async function readRegistryCredential(
  path: string,
  registry: string,
): Promise<RegistryCredential | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw new RegistryConfigError(path, "it cannot be opened", error);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new RegistryConfigError(path, "it is not JSON", cause);
  }
  if (!registryConfigSchema.safeParse(data).success)
    throw new RegistryConfigError(path, "it is not a registry config (no auths object)");
  return credentialFor(data, registry);
}
