// After helm upgraded a release from a chart (upgrade or set-values), the chart reference goes to
// Wheelhouse's memory, so the next plan uses the same source instead of assuming one. A failure
// to remember is logged, never a reason to fail the run.

import type { PlanRecord } from "../model/plan-record.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import type { ChartSourceMemory } from "../store/chart-source-memory.ts";

export async function rememberChartSource(
  memory: Pick<ChartSourceMemory, "remember"> | undefined,
  record: PlanRecord,
  log: (line: object) => void,
): Promise<void> {
  const op = record.plan.command.operation;
  if (memory === undefined || op.kind !== "upgrade") return;
  try {
    await memory.remember(op.release, {
      chartRef: op.chart,
      chartVersion: op.version ?? "",
      at: new Date().toISOString(),
      planId: record.id,
    });
  } catch (error) {
    log({ msg: "chart source not remembered", planId: record.id, error: codedErrorInfo(error) });
  }
}
