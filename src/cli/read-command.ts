// `wheelhouse list|status|history|values|manifest`: the reads, answered at once, redacted.
import { parseArgs } from "node:util";
import type { HelmClient } from "../helm/helm-client.ts";
import { namespaceSchema, releaseNameSchema } from "../model/names.ts";
import { redactManifest } from "../redact/redact-manifest.ts";
import { redactText } from "../redact/redact-text.ts";
import { redactValues } from "../redact/redact-values.ts";
import { formatTable } from "./format-table.ts";

export type ReadCommandName = "list" | "status" | "history" | "values" | "manifest";

export interface ReadCommandDeps {
  helm: () => Promise<HelmClient>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function readCommand(
  name: ReadCommandName,
  args: string[],
  deps: ReadCommandDeps,
): Promise<number> {
  const { values: flags, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      namespace: { type: "string", short: "n" },
      all: { type: "boolean" },
      output: { type: "string", short: "o" },
    },
  });
  const namespace =
    flags.namespace === undefined ? undefined : namespaceSchema.safeParse(flags.namespace);
  if (namespace && !namespace.success) {
    deps.stderr(`wheelhouse: ${JSON.stringify(flags.namespace)} is not a namespace name`);
    return 2;
  }
  const helm = await deps.helm();
  if (name === "list") {
    const releases = await helm.list(namespace?.data ? { namespace: namespace.data } : {});
    deps.stdout(
      formatTable(
        ["NAME", "NAMESPACE", "REVISION", "STATUS", "CHART", "APP VERSION"],
        releases.map((r) => [
          r.name,
          r.namespace,
          String(r.revision),
          r.status,
          r.chart,
          r.app_version,
        ]),
      ),
    );
    return 0;
  }
  const releaseName = releaseNameSchema.safeParse(positionals[0] ?? "");
  if (!releaseName.success || !namespace?.data) {
    deps.stderr(`usage: wheelhouse ${name} RELEASE -n NAMESPACE`);
    return 2;
  }
  const release = { name: releaseName.data, namespace: namespace.data };
  switch (name) {
    case "status": {
      const s = await helm.status(release);
      const chart = s.chart ? `${s.chart.metadata.name}-${s.chart.metadata.version}` : "";
      deps.stdout(
        formatTable(
          ["NAME", "NAMESPACE", "REVISION", "STATUS", "CHART", "UPDATED", "DESCRIPTION"],
          [
            [
              s.name,
              s.namespace,
              String(s.version),
              s.info.status,
              chart,
              s.info.last_deployed ?? "",
              s.info.description,
            ],
          ],
        ),
      );
      const notes = s.info.notes?.trim() ?? "";
      if (notes !== "") deps.stdout(`\nNOTES:\n${redactText(notes)}`);
      return 0;
    }
    case "history": {
      const entries = await helm.history(release);
      deps.stdout(
        formatTable(
          ["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"],
          entries.map((h) => [
            String(h.revision),
            h.updated,
            h.status,
            h.chart,
            h.app_version,
            h.description,
          ]),
        ),
      );
      return 0;
    }
    case "values":
      deps.stdout(
        JSON.stringify(
          redactValues(await helm.getValues(release, { all: flags.all ?? false })),
          null,
          2,
        ),
      );
      return 0;
    case "manifest":
      deps.stdout(redactManifest(await helm.getManifest(release)));
      return 0;
  }
}
