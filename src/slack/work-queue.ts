// Work acknowledged to Slack but not done yet. Slack wants every ack within 3 s, and acks share
// the event loop with this work: a burst of unbounded work would delay the acks of requests
// still arriving. So work runs `min` at a time always, up to `max` while the event loop keeps
// up (its delay under `maxLagMs`): against real Slack the work mostly waits on the network and
// runs wide; when it is CPU that is short, it runs narrow and the acks stay fast. While requests
// wait for their answer (a burst arriving) it runs one piece at a time, whatever the lag: the lag
// is a mean over 100 ms, and a burst's work piles on before it rises.
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface WorkQueueOptions {
  // Pieces of work always allowed at once. Default 2.
  min?: number;
  // Pieces of work at most at once. Default 16.
  max?: number;
  // Event loop delay (mean over the last 100 ms) above which no more than `min` run. Default 10.
  maxLagMs?: number;
  // Requests received and not answered yet (in-flight-requests.ts); while any, no more than
  // `whileAnswering` run. Default: none counted.
  answering?: () => number;
  // Pieces of work at once while requests wait for their answer. Default 1: measured against a
  // bare Bolt app, ack p99 at 200 concurrent was 0.99-1.02x with 1, 1.03-1.36x with 2.
  whileAnswering?: number;
}

export interface WorkQueue {
  // Resolves when the work has run (its errors go to onError, never to the caller).
  run(work: () => Promise<void>): Promise<void>;
  // Resolves when nothing is queued or running.
  idle(): Promise<void>;
  readonly size: number;
  // Stops measuring the event loop (the queue still runs what it is given).
  close(): void;
}

export function createWorkQueue(
  options: WorkQueueOptions,
  onError: (error: unknown) => void,
): WorkQueue {
  const min = options.min ?? 2;
  const max = Math.max(min, options.max ?? 16);
  const maxLagMs = options.maxLagMs ?? 10;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lagMs = 0;
  const sampler = setInterval(() => {
    lagMs = delay.count > 0 ? delay.mean / 1e6 : 0;
    delay.reset();
  }, 100);
  sampler.unref();

  const waiting: Array<() => void> = [];
  const settled = new Set<Promise<void>>();
  let running = 0;
  const answering = options.answering ?? (() => 0);
  const whileAnswering = Math.max(1, options.whileAnswering ?? 1);
  const limit = () => (answering() > 0 ? whileAnswering : lagMs > maxLagMs ? min : max);

  // One timer looks again, however many pieces wait: a timer per call of pump (each run and
  // each piece done calls it) made a burst of 1,000 held pieces hundreds of timers firing every
  // 20 ms, on the loop the acks need.
  let recheck: NodeJS.Timeout | null = null;
  const pump = () => {
    while (waiting.length > 0 && running < limit()) {
      running++;
      waiting.shift()?.();
    }
    // Held back by a busy loop or a burst: look again once it had time to drain.
    if (waiting.length > 0 && running < max && recheck === null) {
      recheck = setTimeout(() => {
        recheck = null;
        pump();
      }, 20);
      recheck.unref();
    }
  };

  async function run(work: () => Promise<void>): Promise<void> {
    const done = (async () => {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      // Let the ack's response go out and pending requests be read before this work starts.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        await work();
      } catch (error) {
        onError(error);
      } finally {
        running--;
        pump();
      }
    })();
    settled.add(done);
    try {
      await done;
    } finally {
      settled.delete(done);
    }
  }

  return {
    run,
    async idle() {
      while (settled.size > 0) await Promise.allSettled([...settled]);
    },
    get size() {
      return settled.size;
    },
    close() {
      clearInterval(sampler);
      delay.disable();
    },
  };
}
