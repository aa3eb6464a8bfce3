// A second real kube-apiserver on the shared test cluster's etcd, for fault tests that stop the
// API server: the shared one serves every other test and is never touched. Same binary, same
// flags as scripts/cluster/up.sh, its own port and cert dir, and a kubeconfig (the cluster's
// admin certificate) that points at it. kill() = connection refused, freeze() = accepts TCP but
// never answers; restart() brings it back on the same port.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

export interface SecondApiServer {
  port: number;
  // A self-contained kubeconfig for this API server alone.
  kubeconfig: string;
  // How long the last start took, to /readyz.
  startMs: number;
  kill(): Promise<void>;
  freeze(): void;
  // SIGCONT, then waits for /readyz.
  thaw(): Promise<void>;
  // Starts it again on the same port and waits for /readyz; the time it took.
  restart(): Promise<number>;
  // Stops it (whatever its state) and removes its files.
  close(): Promise<void>;
}

interface ClusterPaths {
  bin: string;
  state: string;
}

const READY_WITHIN_MS = 90_000;
const REPO = join(import.meta.dirname, "..", "..");

// Where up.sh keeps the binaries and the state: asked of lib.sh itself, so the two never differ.
async function clusterPaths(): Promise<ClusterPaths> {
  const { stdout } = await execa(
    "bash",
    ["-c", 'source scripts/cluster/lib.sh && printf "%s\\n%s\\n" "$CLUSTER_BIN" "$STATE_DIR"'],
    { cwd: REPO },
  );
  const [bin = "", state = ""] = stdout.split("\n");
  return { bin, state };
}

async function etcdPort(state: string): Promise<string> {
  const text = await readFile(join(state, "ports.env"), "utf8");
  const port = /^ETCD_PORT=(\d+)$/m.exec(text)?.[1];
  if (port === undefined) throw new Error(`no ETCD_PORT in ${state}/ports.env: is the cluster up?`);
  return port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

// The flags of up.sh's kube-apiserver, with this one's port and cert dir.
function apiServerArgs(pki: string, etcd: string, port: number, certDir: string): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcd}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${port}`,
    "--endpoint-reconciler-type=none",
    `--tls-cert-file=${pki}/apiserver.crt`,
    `--tls-private-key-file=${pki}/apiserver.key`,
    `--client-ca-file=${pki}/ca.crt`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${pki}/sa.pub`,
    `--service-account-signing-key-file=${pki}/sa.key`,
    "--service-cluster-ip-range=10.96.0.0/16",
    "--authorization-mode=RBAC",
    "--allow-privileged=true",
    "--profiling=false",
    "--disable-admission-plugins=TaintNodesByCondition",
    "--kubelet-preferred-address-types=InternalIP",
    `--kubelet-client-certificate=${pki}/admin.crt`,
    `--kubelet-client-key=${pki}/admin.key`,
    `--cert-dir=${certDir}`,
  ];
}

async function writeKubeconfig(path: string, pki: string, port: number): Promise<void> {
  const b64 = async (file: string) => (await readFile(join(pki, file))).toString("base64");
  const text = `apiVersion: v1
kind: Config
clusters:
- name: second
  cluster:
    server: https://127.0.0.1:${port}
    certificate-authority-data: ${await b64("ca.crt")}
users:
- name: admin
  user:
    client-certificate-data: ${await b64("admin.crt")}
    client-key-data: ${await b64("admin.key")}
contexts:
- name: second
  context: {cluster: second, user: admin, namespace: default}
current-context: second
`;
  await writeFile(path, text, { mode: 0o600 });
}

interface Tls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function readyz(port: number, tls: Tls): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get(
      { host: "127.0.0.1", port, path: "/readyz", ...tls, timeout: 2000 },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    request.on("error", () => resolve(false));
    request.on("timeout", () => request.destroy());
  });
}

export async function startSecondApiServer(): Promise<SecondApiServer> {
  const { bin, state } = await clusterPaths();
  const pki = join(state, "pki");
  const etcd = await etcdPort(state);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-apiserver-"));
  const kubeconfig = join(dir, "kubeconfig");
  await writeKubeconfig(kubeconfig, pki, port);
  const tls = {
    ca: await readFile(join(pki, "ca.crt")),
    cert: await readFile(join(pki, "admin.crt")),
    key: await readFile(join(pki, "admin.key")),
  };
  let child: ChildProcess | null = null;
  let starts = 0;

  const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;
  const stopChild = async () => {
    const p = child;
    child = null;
    if (p === null || exited(p)) return;
    const gone = once(p, "exit");
    p.kill("SIGCONT");
    p.kill("SIGKILL");
    await gone;
  };
  const start = async (): Promise<number> => {
    starts += 1;
    const log = await open(join(dir, `kube-apiserver-${starts}.log`), "w");
    const started = performance.now();
    const p = spawn(join(bin, "kube-apiserver"), apiServerArgs(pki, etcd, port, dir), {
      stdio: ["ignore", log.fd, log.fd],
    });
    await log.close();
    child = p;
    await untilReady(started);
    return Math.round(performance.now() - started);
  };
  const untilReady = async (started: number): Promise<void> => {
    while (!(await readyz(port, tls))) {
      const p = child;
      if (p === null || exited(p)) {
        const tail = (await readFile(join(dir, `kube-apiserver-${starts}.log`), "utf8")).slice(
          -2000,
        );
        throw new Error(`the second kube-apiserver exited before it was ready:\n${tail}`);
      }
      if (performance.now() - started > READY_WITHIN_MS) {
        await stopChild();
        throw new Error(`the second kube-apiserver was not ready within ${READY_WITHIN_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  // A test run that dies without close() must not leave an API server behind.
  const killOnExit = () => {
    child?.kill("SIGCONT");
    child?.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  const server: SecondApiServer = {
    port,
    kubeconfig,
    startMs: 0,
    kill: stopChild,
    freeze: () => child?.kill("SIGSTOP"),
    async thaw() {
      child?.kill("SIGCONT");
      await untilReady(performance.now());
    },
    async restart() {
      await stopChild();
      server.startMs = await start();
      return server.startMs;
    },
    async close() {
      process.off("exit", killOnExit);
      await stopChild();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    server.startMs = await start();
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}
