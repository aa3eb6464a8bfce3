// Requests fired at servers by a fixed number of concurrent senders, each timed from the
// request to its answer. Measured and baseline requests go into one shuffled list, so both see
// the same machine at the same moments.
import { type SlackTarget, sendSigned } from "../../test/support/slack-requests.ts";

export interface LoadRequest {
  // Which server and which kind of request: results are kept per "target kind".
  target: string;
  kind: string;
  body: string;
  contentType?: string;
  // A plain POST with these headers instead of a Slack-signed one (the Alertmanager webhook).
  headers?: Record<string, string>;
  // Called just before it is sent (when an approve→start clock starts).
  onSend?: () => void;
}

export type Targets = Record<string, SlackTarget>;

export class Samples {
  private readonly byKey = new Map<string, number[]>();

  add(target: string, kind: string, ms: number): void {
    const key = `${target} ${kind}`;
    const list = this.byKey.get(key) ?? [];
    list.push(ms);
    this.byKey.set(key, list);
  }

  // Every sample of a target, or of one kind of its requests.
  of(target: string, kind?: string): number[] {
    return [...this.byKey]
      .filter(([key]) =>
        kind === undefined ? key.startsWith(`${target} `) : key === `${target} ${kind}`,
      )
      .flatMap(([, samples]) => samples);
  }
}

async function sendOne(request: LoadRequest, target: Targets[string]) {
  if (request.headers === undefined)
    return sendSigned(
      target,
      request.body,
      request.contentType ?? "application/x-www-form-urlencoded",
    );
  const started = performance.now();
  const response = await fetch(target.url, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

export async function runLoad(
  requests: LoadRequest[],
  targets: Targets,
  concurrency: number,
  samples: Samples,
): Promise<void> {
  let next = 0;
  const sender = async () => {
    for (;;) {
      const request = requests[next++];
      if (request === undefined) return;
      const target = targets[request.target];
      if (target === undefined) throw new Error(`no target ${request.target}`);
      request.onSend?.();
      const response = await sendOne(request, target);
      if (response.status < 200 || response.status > 299)
        throw new Error(
          `${request.target} answered ${response.status} to a ${request.kind}: ${response.body.slice(0, 200)}`,
        );
      samples.add(request.target, request.kind, response.ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
}

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
