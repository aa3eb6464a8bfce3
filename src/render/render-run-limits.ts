// The small lines that say where and for how long: the cluster an answer is about, and how long
// an approved change may run (helm --timeout, --wait or Wheelhouse's own check, the deadline).
import type { ChangeLimits } from "../model/change-limits.ts";
import { code, md } from "./markdown.ts";
import type { Block, Markdown } from "./message.ts";

// 300 -> "5m", 330 -> "5m30s", 45 -> "45s", 3600 -> "1h".
export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", s > 0 ? `${s}s` : ""];
  return parts.join("") || "0s";
}

export function limitsLine(limits: ChangeLimits): Markdown {
  const waits = limits.wait
    ? md`helm waits for the resources (${code("--wait")})`
    : "Wheelhouse checks the rollout after helm (no --wait)";
  return md`⏱ Runs up to ${formatSeconds(limits.timeoutSeconds)} per wait (${code(`--timeout ${limits.timeoutSeconds}s`)}), ${waits}; helm is stopped after ${formatSeconds(limits.deadlineSeconds)}`;
}

export function clusterText(cluster: string): Markdown {
  return md`Cluster ${code(cluster)}`;
}

export function clusterBlock(cluster: string): Block {
  return { type: "context", lines: [clusterText(cluster)] };
}
