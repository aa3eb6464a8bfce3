// Live objects changed outside helm, where that is cheap to see: a workload of the manifest that
// is gone, or whose containers run other images than the manifest says (`kubectl set image`).
// Replica counts are left alone: autoscalers change them on purpose. Pure.
import type { Finding } from "../model/diagnosis.ts";
import { parseManifest } from "../plan/parse-manifest.ts";
import { type LiveWorkload, templateImages, workloadShapeSchema } from "./read-live-objects.ts";

export function findDrift(
  manifest: string,
  namespace: string,
  live: readonly LiveWorkload[],
): Finding[] {
  const evidence: string[] = [];
  let gone = 0;
  for (const { ref, body } of parseManifest(manifest, namespace).objects) {
    const parsed = workloadShapeSchema.safeParse(body);
    if (!parsed.success || ref.apiVersion !== "apps/v1") continue;
    const w = live.find((l) => l.kind === ref.kind && l.name === ref.name);
    if (w === undefined) {
      gone++;
      evidence.push(
        `${ref.kind} ${ref.name} is in the release but not in the cluster: it was deleted outside helm`,
      );
      continue;
    }
    const wanted = templateImages(parsed.data.spec);
    for (const [container, image] of Object.entries(wanted)) {
      const running = w.images[container];
      if (running === undefined || running === image) continue;
      evidence.push(
        `${ref.kind} ${ref.name}: container ${container} runs ${running}, the release says ${image}`,
      );
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      code: "drift",
      // A workload that is gone is an outage; a changed image may be a deliberate hotfix.
      severity: gone > 0 ? "critical" : "warning",
      summary: `live objects were changed outside helm (${evidence.length} difference${evidence.length === 1 ? "" : "s"} from the release's manifest)`,
      evidence,
    },
  ];
}
