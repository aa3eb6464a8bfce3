// Slack API failures carry `data.error` ("not_in_channel"); everything else a Node error code.
export function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const data = "data" in error ? error.data : undefined;
    if (
      typeof data === "object" &&
      data !== null &&
      "error" in data &&
      typeof data.error === "string"
    )
      return data.error;
    if ("code" in error && typeof error.code === "string") return error.code;
  }
  return "unexpected_error";
}
