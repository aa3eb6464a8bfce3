// An oci:// chart reference taken apart the way the distribution spec names things: the registry
// host (with its port), the repository path inside it, and the chart (its last segment). Pure.

export interface OciReference {
  // "registry.example.com:5000"
  registry: string;
  // "charts/webapp": what /v2/<name>/tags/list is asked about.
  repository: string;
  chartName: string;
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;
// Path components of the distribution spec: lowercase, separated by '.', '_', '__' or '-'s.
const COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;

// null for anything that is not an oci:// chart reference (a tag or digest in it included: the
// version is chosen by Wheelhouse, never by a reference).
export function parseOciReference(ref: string): OciReference | null {
  if (!ref.startsWith("oci://")) return null;
  const [registry = "", ...path] = ref.slice("oci://".length).split("/");
  if (!HOST.test(registry) || path.length === 0) return null;
  if (!path.every((part) => COMPONENT.test(part))) return null;
  return { registry, repository: path.join("/"), chartName: path.at(-1) ?? "" };
}

// `oci://host/charts` (where charts are pushed) + "webapp" -> `oci://host/charts/webapp`.
export function ociChartRef(prefix: string, chartName: string): string {
  return `${prefix.replace(/\/+$/, "")}/${chartName}`;
}
