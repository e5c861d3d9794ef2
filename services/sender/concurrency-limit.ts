import { Fifo } from './http2/fifo';

/** At most `limit` tasks run at once; the rest wait in order. Bounds in-flight sends per lane. */
export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>): Promise<T>;
  active(): number;
}

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  let running = 0;
  const waiting = new Fifo<() => void>();
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run(task) {
      if (running < limit) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    active: () => running,
  };
}
