// A chart repository the way private ones are run: HTTPS with a private CA and basic auth. It
// reuses the test registries' certificate (scripts/registry/up.sh) and serves the fixture charts
// packaged and indexed by helm under its own https:// URL.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { lookup } from "node:dns/promises";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { execa } from "execa";
import type { TestRegistry } from "./oci-registry.ts";

export interface SecureChartRepository {
  url: string;
  dir: string;
  username: string;
  password: string;
  caFile: string;
  close(): Promise<void>;
}

export async function startSecureChartRepository(
  helmBin: string,
  charts: string[],
  registry: TestRegistry,
): Promise<SecureChartRepository> {
  const pki = dirname(registry.caFile);
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-secure-charts-"));
  await execa(helmBin, ["package", ...charts, "--destination", dir]);
  const username = "charts";
  const password = randomBytes(12).toString("hex");
  const expected = Buffer.from(
    `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
  );
  const server = createServer(
    {
      cert: await readFile(join(pki, "server.crt")),
      key: await readFile(join(pki, "server.key")),
    },
    (request, response) => {
      const given = Buffer.from(request.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.writeHead(401, { "www-authenticate": 'Basic realm="charts"' }).end();
        return;
      }
      const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "https://x").pathname));
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
    },
  );
  const host = registry.basic.split(":")[0] ?? "localhost";
  // The host name resolves to loopback (that is how up.sh chose it): listen there only.
  const { address } = await lookup(host, { family: 4 });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://${host}:${port}`;
  await execa(helmBin, ["repo", "index", dir, "--url", url]);
  return {
    url,
    dir,
    username,
    password,
    caFile: registry.caFile,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
