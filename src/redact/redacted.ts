// What a hidden value becomes, everywhere: one word a person recognises and no test can confuse.
export const REDACTED = "REDACTED";

// helm-diff's way of showing that a secret changed without showing it: "REDACTED (24 bytes)".
export function redactedSize(bytes: number): string {
  return `${REDACTED} (${bytes} ${bytes === 1 ? "byte" : "bytes"})`;
}

export function byteLength(value: unknown): number {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return new TextEncoder().encode(text).length;
}
