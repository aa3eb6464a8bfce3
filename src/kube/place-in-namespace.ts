// helm puts an object the chart gave no namespace into the release's namespace and leaves every
// other object where the chart put it (a leader-election Role in kube-system). kubectl's
// --namespace would instead refuse any object of another namespace, so the manifest is checked
// without that flag and the release's namespace is written into the objects that have none.
// Cluster-scoped objects may carry one too: the API server ignores it for them.
// The text is edited in place, never re-serialized: a YAML round trip changes values (0755,
// big integers) that the API server must see as the chart wrote them.
import { isMap, isScalar, isSeq, type Node, parseAllDocuments, type YAMLMap } from "yaml";
import { namespaceSchema } from "../model/names.ts";
import { kubeInvalidInput } from "./kube-errors.ts";

export interface Insertion {
  at: number;
  text: string;
}

function insertionFor(source: string, object: unknown, namespace: string, out: Insertion[]): void {
  if (!isMap(object)) return;
  const items = object.get("items", true);
  if (isSeq(items) && String(object.get("kind") ?? "").endsWith("List")) {
    for (const item of items.items) insertionFor(source, item, namespace, out);
    return;
  }
  const insertion = namespaceInsertion(source, object, namespace);
  if (insertion) out.push(insertion);
}

// Where one object (not a List) gets the namespace written, or null when it names its own.
export function namespaceInsertion(
  source: string,
  object: YAMLMap<unknown, unknown>,
  namespace: string,
): Insertion | null {
  const metadata = object.get("metadata", true);
  if (!isMap(metadata) || !metadata.range) return null;
  const current = metadata.get("namespace");
  if (typeof current === "string" && current !== "") return null;
  if (metadata.has("namespace")) return null;
  if (metadata.flow) return { at: metadata.range[0] + 1, text: `namespace: ${namespace}, ` };
  const first = metadata.items[0]?.key;
  const range = isScalar(first) || isMap(first) ? (first as Node).range : null;
  if (!range) return null;
  const lineStart = source.lastIndexOf("\n", range[0] - 1) + 1;
  const indent = " ".repeat(range[0] - lineStart);
  return { at: range[0], text: `namespace: ${namespace}\n${indent}` };
}

export function placeInNamespace(manifest: string, namespace: string): string {
  if (!namespaceSchema.safeParse(namespace).success)
    throw kubeInvalidInput(
      "namespace",
      namespace,
      "a namespace is lowercase letters, digits and '-'",
    );
  const documents = parseAllDocuments(manifest);
  // A manifest YAML cannot read goes as it is: the API server names what is wrong with it.
  if (!Array.isArray(documents) || documents.some((d) => d.errors.length > 0)) return manifest;
  const insertions: Insertion[] = [];
  for (const document of documents)
    insertionFor(manifest, document.contents, namespace, insertions);
  let text = manifest;
  for (const { at, text: inserted } of insertions.sort((a, b) => b.at - a.at))
    text = text.slice(0, at) + inserted + text.slice(at);
  return text;
}
