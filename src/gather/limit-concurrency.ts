// At most `max` tasks at once: every helm and kubectl read is a process, and a diagnosis starts
// a dozen of them on machines that may have two cores.
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function limitConcurrency(max: number): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  // A finished task hands its slot straight to the next waiting one.
  const next = () => {
    const resume = waiting.shift();
    if (resume === undefined) running--;
    else resume();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
