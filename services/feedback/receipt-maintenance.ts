import type { Queryable } from '../shared/db/pool';
import { dropReceiptPartitionsOlderThan, ensureReceiptPartitions } from '../shared/db/receipt-partitions';
import type { Logger } from '../shared/logger';

const DAY_MS = 86_400_000;

/**
 * Keeps the receipt partitions for the coming days created and drops those past retention, now and
 * every intervalMs. Returns a stop function. Failures are logged and retried at the next tick.
 */
export function startReceiptMaintenance(deps: {
  db: Queryable;
  logger: Logger;
  retentionDays: number;
  intervalMs: number;
  now?: () => Date;
}): () => Promise<void> {
  const now = deps.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = (async () => {
      try {
        const created = await ensureReceiptPartitions(deps.db, now());
        const dropped = await dropReceiptPartitionsOlderThan(deps.db, new Date(now().getTime() - deps.retentionDays * DAY_MS));
        if (created > 0 || dropped.length > 0) deps.logger.info({ created, dropped }, 'receipt partitions maintained');
      } catch (error) {
        deps.logger.warn({ err: error }, 'receipt partition maintenance failed; retrying next interval');
      }
    })();
  };
  tick();
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
