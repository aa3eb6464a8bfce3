// For the alert and watcher integration tests: a poster that records what threads would show
// (the chat is the only thing not real here), the webhook served on a real HTTP server, and a
// real diagnosis (helm and kubectl on the test cluster).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AlertLog } from "../../../src/alerts/alert-deps.ts";
import type { AlertmanagerRoute } from "../../../src/alerts/alertmanager-route.ts";
import type { ThreadMessage, ThreadPoster, ThreadRef } from "../../../src/alerts/thread-poster.ts";
import { createDiagnose } from "../../../src/gather/diagnose-release.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import type { DiagnoseRelease } from "../../../src/model/diagnosis.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

export interface PostedThread {
  channel: string;
  ts: string;
  // The top post as first posted, then as last updated.
  first: ThreadMessage;
  current: ThreadMessage;
  updates: number;
  replies: ThreadMessage[];
}

export interface RecordingPoster extends ThreadPoster {
  threads: PostedThread[];
  thread(ts: string): PostedThread;
}

export function createRecordingPoster(): RecordingPoster {
  const threads: PostedThread[] = [];
  let counter = 0;
  const nextTs = () => `1764580000.${String(++counter).padStart(6, "0")}`;
  const thread = (ts: string) => {
    const found = threads.find((t) => t.ts === ts);
    if (found === undefined) throw new Error(`no thread ${ts}`);
    return found;
  };
  return {
    threads,
    thread,
    async post(channel, message) {
      const ts = nextTs();
      threads.push({ channel, ts, first: message, current: message, updates: 0, replies: [] });
      return ts;
    },
    async reply(ref: ThreadRef, message) {
      thread(ref.threadTs).replies.push(message);
      return nextTs();
    },
    async update(channel, ts, message) {
      const t = thread(ts);
      if (t.channel !== channel) throw new Error(`thread ${ts} is not in ${channel}`);
      t.current = message;
      t.updates += 1;
    },
  };
}

export function textOf(message: ThreadMessage): string {
  return [message.summary, ...message.lines].join("\n");
}

export const testLog: AlertLog = (level, msg, fields) => {
  if (level === "error") process.stderr.write(`${JSON.stringify({ level, msg, ...fields })}\n`);
};

export function testKube(): KubectlClient {
  return new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });
}

export function realDiagnose(helm: HelmClient): DiagnoseRelease {
  const options = { bin: env.kubectlBin, kubeconfig: env.kubeconfig };
  return createDiagnose({
    helm,
    kube: new KubectlClient(options),
    logs: new KubectlLogReader(options),
  });
}

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

export async function serveRoute(route: AlertmanagerRoute): Promise<RouteServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === route.path && req.method === "POST") route.handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${route.path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function postAlert(
  url: string,
  body: string,
  token: string | null,
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
