// What `kubectl apply` prints on stderr when some objects fail, rebuilt from the same failures:
// the in-process check hands the same text to the same classification and explanations
// (explain-immutable-fields reads these lines). Follows kubectl's checkErr: the API server's
// warnings first (each once), then one error as such, several one per line.
import { z } from "zod";

// The API server's Status, as far as kubectl reads it.
export const apiStatusSchema = z.object({
  kind: z.literal("Status"),
  reason: z.string().optional(),
  message: z.string().optional(),
  details: z
    .object({
      name: z.string().optional(),
      kind: z.string().optional(),
      causes: z
        .array(z.object({ field: z.string().optional(), message: z.string().optional() }))
        .optional(),
    })
    .optional(),
});
export type ApiStatus = z.infer<typeof apiStatusSchema>;

// A Go error kubectl makes itself, a Status from the server, or several errors in one.
export type ApplyFailure = { plain: string } | { status: ApiStatus } | { several: ApplyFailure[] };

// kubectl's StandardErrorMessage: null for errors that are not the server's.
function fromServer(failure: ApplyFailure): string | null {
  if (!("status" in failure)) return null;
  const { reason = "", message = "" } = failure.status;
  if (reason === "Unauthorized") return `error: You must be logged in to the server (${message})`;
  return reason ? `Error from server (${reason}): ${message}` : `Error from server: ${message}`;
}

// Go's error text; several errors read "[a, b]", each message once.
function errorText(failure: ApplyFailure): string {
  if ("plain" in failure) return failure.plain;
  if ("status" in failure) return failure.status.message ?? "";
  const messages = [...new Set(failure.several.map(errorText))];
  return messages.length === 1 ? (messages[0] ?? "") : `[${messages.join(", ")}]`;
}

function invalidText(status: ApiStatus): string {
  const { details, message = "" } = status;
  let text = "The request is invalid";
  if (details === undefined) return message ? `${text}: ${message}` : text;
  const causes = details.causes ?? [];
  if (details.kind || details.name)
    text = `The ${details.kind ?? ""} ${JSON.stringify(details.name ?? "")} is invalid`;
  else if (message && causes.length === 0) text += `: ${message}`;
  if (causes.length === 0) return text;
  const lines = [...new Set(causes.map((c) => `${c.field ?? ""}: ${c.message ?? ""}`))];
  if (lines.length === 1) return `${text}: ${lines[0]}`;
  return [`${text}: `, ...lines.map((line) => `* ${line}`)].join("\n");
}

function errorMessage(failure: ApplyFailure): string {
  if ("several" in failure) {
    if (failure.several.length !== 1)
      return failure.several.map((f) => fromServer(f) ?? errorText(f)).join("\n");
    return errorMessage(failure.several[0] ?? failure);
  }
  if ("status" in failure && failure.status.reason === "Invalid")
    return invalidText(failure.status);
  const server = fromServer(failure);
  if (server !== null) return server;
  const text = errorText(failure);
  return text.startsWith("error: ") ? text : `error: ${text}`;
}

// unmapped: the objects whose kind the cluster does not know, which kubectl reports first, as
// one error; failed: the other failures, in manifest order.
export function kubectlApplyStderr(
  warnings: string[],
  unmapped: ApplyFailure[],
  failed: ApplyFailure[],
): string {
  const errors: ApplyFailure[] = [
    ...(unmapped.length === 0
      ? []
      : [unmapped.length === 1 ? (unmapped[0] as ApplyFailure) : { several: unmapped }]),
    ...failed,
  ];
  const said = [...new Set(warnings)].map((warning) => `Warning: ${warning}`);
  if (errors.length > 0)
    said.push(
      errorMessage(errors.length === 1 ? (errors[0] as ApplyFailure) : { several: errors }),
    );
  return said.join("\n");
}

// The text of an unknown kind, as kubectl's resource builder words it.
export function unmappedKind(object: {
  name: string;
  namespace: string;
  kind: string;
  group: string;
  version: string;
}): ApplyFailure {
  const gv = object.group ? `${object.group}/${object.version}` : object.version;
  return {
    plain: `resource mapping not found for name: ${JSON.stringify(object.name)} namespace: ${JSON.stringify(object.namespace)} from "STDIN": no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(gv)}\nensure CRDs are installed first`,
  };
}
