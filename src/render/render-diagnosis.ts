// `diagnose RELEASE`: the release as helm sees it, one look at its workloads and pods (no
// waiting), and when something is wrong the evidence: pod states, warning events, log tails.
import type { ValidationResult } from "../exec/execution-report.ts";
import type { HistoryEntry } from "../helm/helm-output-schemas.ts";
import type { ReleaseRef } from "../model/release.ts";
import { bold, code, formatTime, md, statusEmoji } from "./markdown.ts";
import { type Block, type Message, message } from "./message.ts";
import { validationBlocks } from "./render-execution.ts";

export function renderDiagnosis(
  release: ReleaseRef,
  check: ValidationResult,
  history: readonly HistoryEntry[],
): Message {
  const where = md`${code(release.name)} in ${code(release.namespace)}`;
  const verdict = check.healthy
    ? md`✅ ${where} looks healthy`
    : md`❌ ${where} is ${bold("not healthy")}`;
  const recent = [...history].sort((a, b) => b.revision - a.revision).slice(0, 5);
  const blocks: Block[] = [{ type: "section", text: verdict }, ...validationBlocks(check)];
  if (recent.length > 0) {
    blocks.push({
      type: "table",
      columns: ["REV", "STATUS", "CHART", "UPDATED", "DESCRIPTION"],
      rows: recent.map((h) => [
        String(h.revision),
        `${statusEmoji(h.status)} ${h.status}`,
        h.chart,
        formatTime(h.updated),
        h.description,
      ]),
    });
  }
  const previous = recent.find(
    (h) => h.revision < check.revision && (h.status === "superseded" || h.status === "deployed"),
  );
  if (!check.healthy && previous) {
    blocks.push({
      type: "section",
      text: md`To go back: ask for ${code(`rollback ${release.name} to ${previous.revision} -n ${release.namespace}`)} (a plan you approve first).`,
    });
  }
  return message(
    `${release.name} (${release.namespace}): ${check.healthy ? "healthy" : "not healthy"}`,
    blocks,
  );
}
