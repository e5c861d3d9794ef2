import { startPeriodicTask } from '../shared/bootstrap/periodic-task';
import type { Queryable } from '../shared/db/pool';
import { dropReceiptPartitionsOlderThan, ensureReceiptPartitions } from '../shared/db/receipt-partitions';
import type { Logger } from '../shared/logger';

const DAY_MS = 86_400_000;

/** Keeps the receipt partitions for the coming days created and drops those past retention. Returns a stop function. */
export function startReceiptMaintenance(deps: {
  db: Queryable;
  logger: Logger;
  retentionDays: number;
  intervalMs: number;
  now?: () => Date;
}): () => Promise<void> {
  const now = deps.now ?? (() => new Date());
  return startPeriodicTask({
    name: 'receipt partition maintenance',
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    task: async () => {
      const created = await ensureReceiptPartitions(deps.db, now());
      const dropped = await dropReceiptPartitionsOlderThan(deps.db, new Date(now().getTime() - deps.retentionDays * DAY_MS));
      if (created > 0 || dropped.length > 0) deps.logger.info({ created, dropped }, 'receipt partitions maintained');
    },
  });
}
