// What a diagnosis looked at, in plain words, so "healthy" says what it rests on and a partial
// diagnosis says what it could not see. Pure.
import type { ReleaseSnapshot } from "../model/diagnosis.ts";
import type { LiveWorkload } from "./read-live-objects.ts";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function whatWasChecked(snapshot: ReleaseSnapshot, live: readonly LiveWorkload[]): string[] {
  const status = snapshot.status;
  if (status === null)
    return [`helm status: no release ${snapshot.release.name} in ${snapshot.release.namespace}`];
  const lines = [
    `helm status (${status.status}, revision ${status.revision}) and history (${plural(snapshot.history.length, "revision")})`,
  ];
  if (snapshot.revisions.length > 0) {
    lines.push(
      `values and manifests of revisions ${snapshot.revisions.map((r) => r.revision).join(", ")}`,
    );
  }
  const ready = live.filter((w) => w.rollout?.complete).length;
  lines.push(
    live.length === 0
      ? "no Deployment, StatefulSet or DaemonSet in the release"
      : `${plural(live.length, "workload")} (${live.map((w) => `${w.kind} ${w.name}`).join(", ")}), ${ready} rolled out`,
  );
  lines.push(`${plural(snapshot.pods.length, "pod")}`);
  if (status.hooks.length > 0) {
    const phases = status.hooks.map((h) => `${h.name} ${h.phase ?? "not run"}`).join(", ");
    lines.push(`${plural(status.hooks.length, "hook")} (${phases})`);
  }
  lines.push(`${plural(snapshot.events.length, "Warning event")}`);
  if (snapshot.logs.length > 0) lines.push(`${plural(snapshot.logs.length, "log tail")}`);
  for (const e of snapshot.readErrors) lines.push(`could not read ${e.read}: ${e.message}`);
  return lines;
}
