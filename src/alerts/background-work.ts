// Work that runs after its request was answered: a few pieces at a time, each started only
// after the answer went out, errors reported to onError (the sender was already told 2xx).
// While requests wait for their answer (`answering`), one piece at a time: the answers go first.
export interface BackgroundWork {
  run(work: () => Promise<void>): void;
  // Resolves when nothing is queued or running (tests, shutdown).
  idle(): Promise<void>;
  readonly pending: number;
}

export function createBackgroundWork(
  concurrency: number,
  onError: (error: unknown) => void,
  answering: () => number = () => 0,
): BackgroundWork {
  const queue: Array<() => Promise<void>> = [];
  let running = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (running > 0 || queue.length > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  let recheck: NodeJS.Timeout | null = null;
  const limit = () => (answering() > 0 ? 1 : concurrency);
  const pump = () => {
    while (running < limit() && queue.length > 0) {
      const work = queue.shift();
      if (work === undefined) break;
      running++;
      // setImmediate: the answer is written first, and requests already waiting are read.
      setImmediate(() => {
        work()
          .catch(onError)
          .finally(() => {
            running--;
            pump();
            settle();
          });
      });
    }
    // Held back while answers are pending: look again once they had time to go out.
    if (queue.length > 0 && running < concurrency && recheck === null) {
      recheck = setTimeout(() => {
        recheck = null;
        pump();
      }, 20);
      recheck.unref();
    }
  };
  return {
    run(work) {
      queue.push(work);
      pump();
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },
    get pending() {
      return running + queue.length;
    },
  };
}
