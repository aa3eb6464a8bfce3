// The subset of a kubeconfig Wheelhouse can use to reach the API server from Node: a current
// context whose cluster is an https server with its CA, and whose user is a client certificate
// or a bearer token. Every other shape (exec plugins, auth providers, basic auth, impersonation,
// proxies, TLS checks turned off) is "not ours": kubectl still reads those. No value read here
// ever goes into a reason: a kubeconfig holds keys and tokens.
import { dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export interface KubeApiTarget {
  // Origin and any path prefix the server sits under.
  server: URL;
  ca: Buffer;
  servername?: string;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  // Re-read when it changes (service account tokens are rotated); wins over `token`.
  tokenFile?: string;
}

export type KubeApiAccess = { target: KubeApiTarget } | { target: null; reason: string };

export function refuse(reason: string): KubeApiAccess {
  return { target: null, reason };
}

// Strict: a key this file does not know may change how kubectl authenticates, so it is not ours.
// insecure-skip-tls-verify: true is refused so that no code of ours turns TLS checks off.
const clusterSchema = z.strictObject({
  server: z.string(),
  "certificate-authority": z.string().optional(),
  "certificate-authority-data": z.string().optional(),
  "tls-server-name": z.string().optional(),
  "insecure-skip-tls-verify": z.literal(false).optional(),
  "disable-compression": z.boolean().optional(),
  extensions: z.array(z.unknown()).nullish(),
});

const userSchema = z.strictObject({
  "client-certificate": z.string().optional(),
  "client-certificate-data": z.string().optional(),
  "client-key": z.string().optional(),
  "client-key-data": z.string().optional(),
  token: z.string().optional(),
  tokenFile: z.string().optional(),
  extensions: z.array(z.unknown()).nullish(),
});

const kubeconfigSchema = z.object({
  "current-context": z.string().min(1),
  clusters: z.array(z.object({ name: z.string(), cluster: z.unknown() })).nullish(),
  users: z.array(z.object({ name: z.string(), user: z.unknown() })).nullish(),
  contexts: z
    .array(
      z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string() }) }),
    )
    .nullish(),
});

// A bearer token goes into a header: printable ASCII without spaces, nothing else.
export const TOKEN = /^[\x21-\x7e]+$/;

// The one entry of that name; a name given twice is refused (which one kubectl takes is subtle).
function only<T extends { name: string }>(entries: T[] | null | undefined, name: string) {
  const found = (entries ?? []).filter((e) => e.name === name);
  return found.length === 1 ? found[0] : undefined;
}

export function parseKubeconfig(
  text: string,
  file: string,
  readFile: (path: string) => Buffer,
): KubeApiAccess {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return refuse("the kubeconfig is not YAML");
  }
  const config = kubeconfigSchema.safeParse(data);
  if (!config.success) return refuse("the kubeconfig has no usable current-context");
  const { clusters, users, contexts } = config.data;
  const context = only(contexts, config.data["current-context"])?.context;
  if (context === undefined) return refuse("the current context is missing or named twice");
  const cluster = clusterSchema.safeParse(only(clusters, context.cluster)?.cluster);
  if (!cluster.success) return refuse("the context's cluster uses settings only kubectl reads");
  const user = userSchema.safeParse(only(users, context.user)?.user);
  if (!user.success) return refuse("the context's user authenticates in a way only kubectl does");
  try {
    return toTarget(cluster.data, user.data, dirname(file), readFile);
  } catch {
    return refuse("a file the kubeconfig names cannot be read");
  }
}

function toTarget(
  cluster: z.infer<typeof clusterSchema>,
  user: z.infer<typeof userSchema>,
  dir: string,
  readFile: (path: string) => Buffer,
): KubeApiAccess {
  const server = httpsServer(cluster.server);
  if (server === null) return refuse("the cluster's server is not a plain https URL");
  // As kubectl: inline data wins over a file; relative files are beside the kubeconfig.
  const material = (data: string | undefined, path: string | undefined): Buffer | undefined => {
    if (data !== undefined) return Buffer.from(data, "base64");
    if (path === undefined) return undefined;
    return readFile(isAbsolute(path) ? path : join(dir, path));
  };
  const ca = material(cluster["certificate-authority-data"], cluster["certificate-authority"]);
  // Without a CA kubectl trusts the system's roots, which Node's bundled ones may not match.
  if (ca === undefined || ca.length === 0) return refuse("the cluster names no CA");
  const cert = material(user["client-certificate-data"], user["client-certificate"]);
  const key = material(user["client-key-data"], user["client-key"]);
  if ((cert === undefined) !== (key === undefined))
    return refuse("the user has a client certificate without its key, or the reverse");
  if (user.token !== undefined && !TOKEN.test(user.token))
    return refuse("the user's token is not a bearer token");
  const tokenFile = user.tokenFile;
  return {
    target: {
      server,
      ca,
      ...(cluster["tls-server-name"] ? { servername: cluster["tls-server-name"] } : {}),
      ...(cert && key ? { cert, key } : {}),
      ...(user.token ? { token: user.token } : {}),
      ...(tokenFile ? { tokenFile: isAbsolute(tokenFile) ? tokenFile : join(dir, tokenFile) } : {}),
    },
  };
}

export function httpsServer(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash)
    return null;
  return url;
}
