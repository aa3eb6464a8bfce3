// The only I/O of policy/: reads the file WHEELHOUSE_POLICY names; without one, the default.
import { readFile } from "node:fs/promises";
import { DEFAULT_POLICY } from "./default-policy.ts";
import { PolicyError, parsePolicy } from "./parse-policy.ts";
import type { Policy } from "./policy-schema.ts";

export async function loadPolicy(path: string | undefined): Promise<Policy> {
  if (path === undefined || path === "") return DEFAULT_POLICY;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const reason = cause instanceof Error && "code" in cause ? String(cause.code) : String(cause);
    throw new PolicyError(path, [`cannot be read (${reason})`], cause);
  }
  return parsePolicy(text, path);
}
