// The real API server made slow: a TCP proxy in front of it (TLS passes through untouched; the
// server's certificate names 127.0.0.1) that can stall, so that every request in flight and every
// new connection hangs without an answer, as behind a saturated API server or a dead network
// path, until resume(). A kubeconfig that points at the proxy goes with it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface StallingProxy {
  kubeconfig: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

// One client connection: bytes each way are held back while stalled, and sent on resume.
interface Pair {
  client: Socket;
  upstream: Socket | null;
  toUpstream: Buffer[];
  toClient: Buffer[];
}

export async function startStallingProxy(kubeconfig: string): Promise<StallingProxy> {
  const original = await readFile(kubeconfig, "utf8");
  const server = /server:\s*https:\/\/([^:/\s]+):(\d+)/.exec(original);
  if (!server) throw new Error(`no https server in ${kubeconfig}`);
  const [, host = "", port = ""] = server;
  const pairs = new Set<Pair>();
  let stalled = false;

  const flush = (pair: Pair) => {
    if (pair.upstream === null) return;
    for (const chunk of pair.toUpstream.splice(0)) pair.upstream.write(chunk);
    for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk);
  };
  const end = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const connect = (pair: Pair) => {
    const upstream = createConnection({ host, port: Number(port) });
    pair.upstream = upstream;
    upstream.on("data", (chunk: Buffer) => {
      if (stalled) pair.toClient.push(chunk);
      else pair.client.write(chunk);
    });
    upstream.on("error", () => end(pair)).on("close", () => end(pair));
    flush(pair);
  };
  const proxy = createServer((client) => {
    const pair: Pair = { client, upstream: null, toUpstream: [], toClient: [] };
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (stalled || pair.upstream === null) pair.toUpstream.push(chunk);
      else pair.upstream.write(chunk);
    });
    client.on("error", () => end(pair)).on("close", () => end(pair));
    // Stalled: the connection is accepted and then nothing, not even the TLS handshake.
    if (!stalled) connect(pair);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  if (address === null || typeof address === "string") throw new Error("proxy has no port");
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-stall-"));
  const proxied = join(dir, "kubeconfig");
  await writeFile(
    proxied,
    original.replace(server[0], `server: https://127.0.0.1:${address.port}`),
    { mode: 0o600 },
  );

  return {
    kubeconfig: proxied,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const pair of pairs) {
        if (pair.upstream === null) connect(pair);
        else flush(pair);
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
