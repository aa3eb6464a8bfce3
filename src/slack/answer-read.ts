// Reads are answered at once: one helm call, rendered (and redacted) by render/. Adapter errors
// become the same refusal messages plans use, chosen by error code.
import type { Intent } from "../model/intent.ts";
import type { ReleaseRef } from "../model/release.ts";
import { codedErrorInfo, refusalFromError } from "../plan/refuse.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { isNamespaceReadable } from "../policy/resolve-channel-rule.ts";
import type { Message } from "../render/message.ts";
import { type ReadResult, renderReadResult } from "../render/render-read-result.ts";
import { renderRefusal } from "../render/render-refusal.ts";
import type { ReadHelm } from "./read-coalescer.ts";

// `diagnose` reads too, but has a path of its own (answer-diagnosis.ts): it may lead to a plan.
export type ReadOperation = "list" | "status" | "history" | "values" | "manifest";

export function isReadOperation(operation: string): operation is ReadOperation {
  return ["list", "status", "history", "values", "manifest"].includes(operation);
}

export interface ReadDeps {
  helm: ReadHelm;
  policy: Policy;
  // The cluster the answers are about (WHEELHOUSE_CLUSTER), said in each of them.
  cluster?: string;
}

const whereOf = (d: ReadDeps) => (d.cluster === undefined ? {} : { cluster: d.cluster });

type OneRelease = Exclude<ReadOperation, "list">;

// The helm call behind each read of one release: the answer's, and the one started early for it.
export async function fetchRead(
  helm: ReadHelm,
  operation: OneRelease,
  release: ReleaseRef,
  all: boolean,
): Promise<ReadResult> {
  switch (operation) {
    case "status":
      return { kind: "status", detail: await helm.status(release) };
    case "history":
      return { kind: "history", release, entries: await helm.history(release, 20) };
    case "values":
      return { kind: "values", release, values: await helm.getValues(release, { all }), all };
    case "manifest":
      return { kind: "manifest", release, manifest: await helm.getManifest(release) };
  }
}

export async function answerRead(
  d: ReadDeps,
  channel: string,
  intent: Intent & { operation: ReadOperation },
  options: { all?: boolean } = {},
): Promise<Message[]> {
  try {
    if (intent.operation === "list") {
      const filter = {
        ...(intent.namespace ? { namespace: intent.namespace } : {}),
        ...(intent.statusFilter ? { statusFilter: intent.statusFilter } : {}),
      };
      const releases = (await d.helm.list(filter)).filter((r) =>
        isNamespaceReadable(d.policy, channel, r.namespace),
      );
      return [
        renderReadResult(
          {
            kind: "list",
            namespace: intent.namespace,
            statusFilter: intent.statusFilter,
            releases,
          },
          whereOf(d),
        ),
      ];
    }
    if (intent.release === null) throw new Error("a read of one release needs a release");
    const result = await fetchRead(d.helm, intent.operation, intent.release, options.all ?? false);
    return [renderReadResult(result, whereOf(d))];
  } catch (error) {
    const info = codedErrorInfo(error);
    if (info.code === "unexpected_error") throw error;
    return [renderRefusal(refusalFromError(info, intent.operation, intent.release))];
  }
}
