// `wheelhouse --version`: the product and the runtime it runs on, for bug reports.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function versionLine(): string {
  const manifest: unknown = JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8"),
  );
  const version =
    typeof manifest === "object" && manifest !== null && "version" in manifest
      ? String(manifest.version)
      : "unknown";
  return `wheelhouse ${version} (node ${process.version})`;
}
