// The challenge a registry answers 401 with (RFC 7235; the Docker token spec's Bearer form):
// `Bearer realm="https://auth.example/token",service="registry",scope="repository:x:pull"` or
// `Basic realm="registry"`. Pure.

export interface AuthChallenge {
  scheme: "bearer" | "basic" | "other";
  params: Record<string, string>;
}

const PARAM = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;

export function parseWwwAuthenticate(header: string | null): AuthChallenge | null {
  if (header === null) return null;
  const match = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(header);
  if (!match) return null;
  const name = (match[1] ?? "").toLowerCase();
  const scheme = name === "bearer" ? "bearer" : name === "basic" ? "basic" : "other";
  const params: Record<string, string> = {};
  for (const param of (match[2] ?? "").matchAll(PARAM)) {
    const key = (param[1] ?? "").toLowerCase();
    params[key] = param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : (param[3] ?? "");
  }
  return { scheme, params };
}
