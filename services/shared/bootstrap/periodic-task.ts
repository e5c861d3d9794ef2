import type { Logger } from '../logger';

/**
 * Runs `task` now and then every intervalMs (maintenance: partitions, expiry). A failure is logged
 * and retried at the next tick; ticks never overlap. Returns a stop function that waits for a run
 * in progress.
 */
export function startPeriodicTask(options: {
  readonly name: string;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly task: () => Promise<void>;
}): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = (): void => {
    if (busy) return;
    busy = true;
    running = options
      .task()
      .catch((error: unknown) => options.logger.warn({ err: error, task: options.name }, `${options.name} failed; retrying next interval`))
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
