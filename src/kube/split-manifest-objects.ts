// A manifest as the objects kubectl would send one by one: documents split, `*List` kinds
// flattened, empty documents skipped, each object with its own text. Only manifests whose every
// object kubectl reads plainly are split here; for any other (YAML errors, aliases, no kind,
// names kubectl refuses or quotes oddly) the answer is null and kubectl checks it, so its own
// words describe what is wrong. YAML 1.1 as kubectl reads it: `name: yes` is a bool there too.

import { isMap, isScalar, isSeq, type Node, parseAllDocuments, visit, type YAMLMap } from "yaml";
import { type Insertion, namespaceInsertion } from "./place-in-namespace.ts";

export interface ManifestObject {
  // The object's own text, re-indented to stand alone: the API server reads it as kubectl's
  // YAML decoder would, values exactly as the chart wrote them.
  text: string;
  group: string;
  version: string;
  kind: string;
  // "" when the object has none (kubectl: "resource name may not be empty").
  name: string;
  generateName: string;
  namespace: string;
}

const API_VERSION =
  /^(?:(?<group>[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)\/)?(?<version>[a-z0-9]{1,20})$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;
// Names that go into a URL path and kubectl's messages unchanged (no '/', '%', quotes, spaces).
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;
// kubectl's document splitter allows only a comment after `---`; directives and `...` are rare.
const ODD_SEPARATOR = /^(---[ \t]*[^\s#]|%|\.\.\.)/m;

class NotPlain extends Error {}

// kubectl decodes metadata into ObjectMeta before it sends anything (a number among the labels
// fails there, in kubectl's words): only metadata whose every field reads plainly stays here.
const STRINGS = new Set(["name", "namespace", "generateName"]);
const STRING_MAPS = new Set(["labels", "annotations"]);

function isString(node: unknown): boolean {
  return isScalar(node) && typeof node.value === "string";
}

function checkMetadata(
  metadata: unknown,
): asserts metadata is YAMLMap<unknown, unknown> | undefined {
  if (metadata === undefined) return;
  if (!isMap(metadata)) throw new NotPlain();
  for (const { key, value } of metadata.items) {
    const field = isScalar(key) ? String(key.value) : "";
    const empty = isScalar(value) && value.value === null;
    if (STRINGS.has(field) && isString(value)) continue;
    if (
      STRING_MAPS.has(field) &&
      (empty || (isMap(value) && value.items.every((p) => isString(p.key) && isString(p.value))))
    )
      continue;
    if (field === "finalizers" && (empty || (isSeq(value) && value.items.every(isString))))
      continue;
    // `kubectl create --dry-run -o yaml` writes this; charts copy it.
    if (field === "creationTimestamp" && empty) continue;
    throw new NotPlain();
  }
}

// The node's text, its first line indented as in the manifest so the rest lines up, with the
// namespace written in where placeInNamespace would write it.
function text(source: string, node: Node, insertion: Insertion | null): string {
  const [start, , end] = node.range ?? [0, 0, 0];
  const lineStart = source.lastIndexOf("\n", start - 1) + 1;
  const own = insertion
    ? source.slice(start, insertion.at) + insertion.text + source.slice(insertion.at, end)
    : source.slice(start, end);
  return " ".repeat(start - lineStart) + own;
}

function optionalString(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value !== "string") throw new NotPlain();
  return value;
}

interface Walk {
  source: string;
  namespace: string;
  out: ManifestObject[];
}

// inList: kubectl flattens one level of List only (a List in a List is an error there).
function collect(walk: Walk, node: unknown, inList: boolean): void {
  if (!isMap(node)) throw new NotPlain();
  const apiVersion = node.get("apiVersion");
  const kind = node.get("kind");
  if (typeof apiVersion !== "string" || typeof kind !== "string") throw new NotPlain();
  const version = API_VERSION.exec(apiVersion);
  if (!version || !KIND.test(kind)) throw new NotPlain();
  if (kind.endsWith("List") && node.has("items")) {
    const items = node.get("items", true);
    if (inList || !isSeq(items)) throw new NotPlain();
    for (const item of items.items) collect(walk, item, true);
    return;
  }
  const metadata: unknown = node.get("metadata", true);
  checkMetadata(metadata);
  const name = optionalString(metadata?.get("name"));
  const insertion = namespaceInsertion(walk.source, node, walk.namespace);
  const namespace = insertion ? walk.namespace : optionalString(metadata?.get("namespace"));
  const generateName = optionalString(metadata?.get("generateName"));
  if (name !== "" && !PLAIN_NAME.test(name)) throw new NotPlain();
  if (namespace !== "" && !PLAIN_NAME.test(namespace)) throw new NotPlain();
  // A named object left without one (`namespace: ""`): kubectl would use its context's.
  if (namespace === "" && name !== "") throw new NotPlain();
  if (generateName !== "" && !PLAIN_NAME.test(generateName)) throw new NotPlain();
  walk.out.push({
    text: text(walk.source, node, insertion),
    group: version.groups?.group ?? "",
    version: version.groups?.version ?? "",
    kind,
    name,
    generateName,
    namespace,
  });
}

// namespace: written into each object that names none, as placeInNamespace does.
export function splitManifestObjects(manifest: string, namespace: string): ManifestObject[] | null {
  if (ODD_SEPARATOR.test(manifest)) return null;
  const documents = parseAllDocuments(manifest, { version: "1.1", uniqueKeys: true });
  if (!Array.isArray(documents)) return null;
  const walk: Walk = { source: manifest, namespace, out: [] };
  try {
    for (const document of documents) {
      if (document.errors.length > 0) return null;
      let aliased = false;
      // An alias is written `*name`: a manifest without '*' has none to look for.
      if (manifest.includes("*"))
        visit(document, {
          Alias: () => {
            aliased = true;
            return visit.BREAK;
          },
        });
      if (aliased) return null;
      // Nothing, comments or `null`: kubectl skips these too.
      const contents = document.contents;
      if (contents === null || (isScalar(contents) && contents.value === null)) continue;
      collect(walk, contents, false);
    }
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
  return walk.out;
}
