// The API server may go away while a validation polls (control planes restart for upgrades and
// failovers): a read that finds it unreachable or silent is tried again until it answers, the
// outage has lasted the grace, or the validation's deadline has passed; then the check ends with
// a ValidationInterruptedError that says so. Every read carries a signal that stops it by then,
// so a frozen API server (connections accepted, never answered) cannot hold the check longer.
import { codedErrorInfo } from "../plan/refuse.ts";

const OUTAGE_CODES = new Set([
  "helm_cluster_unreachable",
  "helm_timeout",
  "kube_cluster_unreachable",
  "kube_timeout",
]);

// A read started at (or after) the deadline still gets this long to answer: the last look.
const LAST_LOOK_MS = 5_000;

export interface OutageLimits {
  // Epoch ms after which no new read starts.
  deadline: number;
  // How long the API server may stay unreachable before the check gives up.
  graceMs: number;
  // Between two tries.
  pollMs: number;
}

export class ValidationInterruptedError extends Error {
  readonly code = "validation_interrupted";
  readonly stderrHead: string;
  readonly outageMs: number;
  constructor(outageMs: number, cause: unknown) {
    const info = codedErrorInfo(cause);
    const seconds = Math.max(1, Math.round(outageMs / 1000));
    const why = info.message.replace(/\.$/, "");
    super(`The Kubernetes API server did not answer for ${seconds}s during the check (${why}).`, {
      cause,
    });
    this.name = "ValidationInterruptedError";
    this.stderrHead = info.stderrHead;
    this.outageMs = outageMs;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function readThroughOutage<T>(
  read: (signal: AbortSignal) => Promise<T>,
  limits: OutageLimits,
): Promise<T> {
  let outageSince: number | null = null;
  for (;;) {
    const began = Date.now();
    const giveUpAt = Math.min(limits.deadline, (outageSince ?? Infinity) + limits.graceMs);
    const signal = AbortSignal.timeout(Math.max(giveUpAt - began, LAST_LOOK_MS));
    try {
      return await read(signal);
    } catch (error) {
      if (!OUTAGE_CODES.has(codedErrorInfo(error).code)) throw error;
      outageSince ??= began;
      const now = Date.now();
      if (now - outageSince >= limits.graceMs || now >= limits.deadline)
        throw new ValidationInterruptedError(now - outageSince, error);
      await sleep(Math.min(limits.pollMs, limits.deadline - now));
    }
  }
}
