// Multi-document YAML as helm prints it (`helm get manifest`, dry-run output), redacted object
// by object. helm's "# Source: chart/templates/x.yaml" comments stay: they tell people where an
// object comes from. A document that is not valid YAML is still redacted, line by line. Pure.
import { parse, stringify, YAMLError } from "yaml";
import { redactEmbeddedFile } from "./redact-embedded-file.ts";
import { redactKubeObject } from "./redact-kube-object.ts";
import { redactText } from "./redact-text.ts";

function redactDocument(chunk: string): string | null {
  const comments = (chunk.match(/^#.*$/gm) ?? []).map(redactText);
  let object: unknown;
  try {
    object = parse(chunk);
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    return redactEmbeddedFile(chunk.trim());
  }
  if (object === null || object === undefined)
    return comments.length > 0 ? comments.join("\n") : null;
  const body = stringify(redactKubeObject(object), { lineWidth: 0 }).trimEnd();
  return [...comments, body].join("\n");
}

export function redactManifest(text: string): string {
  return text
    .split(/^---[ \t]*$/m)
    .map(redactDocument)
    .filter((doc): doc is string => doc !== null)
    .map((doc) => `---\n${doc}`)
    .join("\n");
}
