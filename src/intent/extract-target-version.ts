// The chart version an upgrade asks for: "to 31.1.0", "v1.6.0", "--version 1.6.0",
// "kafka@31.1.0", or "latest"/"newest"/"most recent". "from 31.0.2" names the current one.
import { chartVersionSchema } from "../model/names.ts";
import type { Token } from "./tokenize.ts";

export interface TargetVersion {
  version: string | null;
  // A version was given but is not one helm accepts.
  invalid: boolean;
}

const LATEST = new Set(["latest", "newest", "head"]);

export function extractTargetVersion(
  tokens: readonly Token[],
  flagVersion: string | null,
  // Tokens already read as something else ("set image.tag to 1.2.3" is a value).
  skip: ReadonlySet<number> = new Set(),
): TargetVersion {
  if (flagVersion !== null) {
    if (LATEST.has(flagVersion.toLowerCase())) return { version: "latest", invalid: false };
    const valid = chartVersionSchema.safeParse(flagVersion).success;
    return { version: valid ? flagVersion : null, invalid: !valid };
  }
  let fallback: string | null = null;
  let latest = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || skip.has(i)) continue;
    const before = tokens[i - 1]?.word ?? "";
    if (token.kind === "version") {
      if (before === "from" || before === "app" || before === "appversion") continue;
      if (!chartVersionSchema.safeParse(token.raw).success) continue;
      if (before === "to" || before === "on" || before === "version")
        return { version: token.raw, invalid: false };
      fallback ??= token.raw;
    } else if (
      LATEST.has(token.word) ||
      (token.word === "recent" && before === "most") ||
      (token.word === "date" && before === "to" && tokens[i - 2]?.word === "up")
    ) {
      latest = true;
    }
  }
  if (fallback !== null) return { version: fallback, invalid: false };
  return { version: latest ? "latest" : null, invalid: false };
}
