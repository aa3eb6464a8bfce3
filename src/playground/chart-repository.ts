// A real chart repository for tests: the fixture charts packaged by helm, indexed with
// `helm repo index`, and served over HTTP on loopback.
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { execa } from "execa";

export interface ChartRepository {
  url: string;
  dir: string;
  close(): Promise<void>;
}

function serveDirectory(dir: string): Server {
  return createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    const file = join(dir, path);
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (s) => {
        if (!s.isFile()) throw new Error("not a file");
        response.writeHead(200, { "content-length": s.size });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end("not found"),
    );
  });
}

export async function startChartRepository(
  helmBin: string,
  chartsDir: string,
): Promise<ChartRepository> {
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-charts-"));
  const charts = (await readdir(chartsDir)).map((c) => join(chartsDir, c));
  await execa(helmBin, ["package", ...charts, "--destination", dir]);
  const server = serveDirectory(dir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  await execa(helmBin, ["repo", "index", dir, "--url", url]);
  return {
    url,
    dir,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
