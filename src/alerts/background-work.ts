// Work that runs after its request was answered: a few pieces at a time, each started only
// after the answer went out, errors reported to onError (the sender was already told 2xx).
export interface BackgroundWork {
  run(work: () => Promise<void>): void;
  // Resolves when nothing is queued or running (tests, shutdown).
  idle(): Promise<void>;
  readonly pending: number;
}

export function createBackgroundWork(
  concurrency: number,
  onError: (error: unknown) => void,
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
  const pump = () => {
    while (running < concurrency && queue.length > 0) {
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
