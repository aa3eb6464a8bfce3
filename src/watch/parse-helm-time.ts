// helm list's `updated` ("2026-11-30 14:03:11.123456789 +0000 UTC", Go's time.String) or an
// RFC 3339 time, as a Date; null for anything else. Pure.
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))? ([+-]\d{2})(\d{2})(?: \S+)?$/;

export function parseHelmTime(text: string): Date | null {
  const go = GO_TIME.exec(text.trim());
  const iso = go
    ? `${go[1]}T${go[2]}.${(go[3] ?? "0").slice(0, 3).padEnd(3, "0")}${go[4]}:${go[5]}`
    : text.trim();
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}
