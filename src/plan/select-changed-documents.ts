// The part of a rendered manifest the API server still has to see: documents that add or change
// an object of the running release. An object the change leaves exactly as it runs was accepted
// by the API server when it was applied; sending all 150 objects of a big chart again costs
// seconds. Documents that cannot be read are always kept: the API server names what is wrong.
import { deepEqual } from "./canonical-json.ts";
import { documentObjects, manifestDocuments, objectKey, parseManifest } from "./parse-manifest.ts";

export interface ChangedDocuments {
  manifest: string;
  // Objects left out because the running release has them exactly so.
  unchanged: number;
}

export function selectChangedDocuments(
  current: string,
  next: string,
  namespace: string,
): ChangedDocuments {
  const running = new Map(
    parseManifest(current, namespace).objects.map((o) => [objectKey(o.ref), o.body]),
  );
  const kept: string[] = [];
  let unchanged = 0;
  for (const document of manifestDocuments(next)) {
    // The document's own text, untouched (a YAML round trip could change values).
    const text = next.slice(document.range[0], document.range[1]);
    const { objects } = documentObjects(document, namespace);
    const same =
      objects.length === 1 &&
      objects.every((o) => deepEqual(running.get(objectKey(o.ref)), o.body));
    if (same) unchanged++;
    else if (objects.length > 0 || !document.readable) kept.push(text);
  }
  return { manifest: kept.join("\n---\n"), unchanged };
}
