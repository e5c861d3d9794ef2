/**
 * Runs tasks one at a time in call order. The registry funnels every write through one queue so that
 * "decide id/version from memory, append to the log, apply" is atomic within the process.
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
