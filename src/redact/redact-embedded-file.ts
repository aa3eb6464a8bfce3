// A config file carried in a string (a ConfigMap's app.ini, a values key holding a YAML or
// .env file, a Secret template) redacted with the same key rules as structured values: JSON by
// its keys, everything else line by line (scan-config-lines.ts), and every line through the
// free-text rules. The file keeps its layout; only secret values change. Pure.
import { redactJsonText } from "./redact-json-text.ts";
import { redactSecretShapes } from "./redact-secret-shapes.ts";
import { redactText } from "./redact-text.ts";
import { scanConfigLines } from "./scan-config-lines.ts";

const JSON_START = /^\s*(?:\{(?!\{)|\[\s*[[{"\d-])/;

export function redactEmbeddedFile(text: string, path: readonly string[] = []): string {
  const shaped = redactSecretShapes(text);
  if (JSON_START.test(shaped)) return redactText(redactJsonText(shaped, path));
  return scanConfigLines(shaped, { basePath: path, fallback: redactText, ownKeys: true });
}
