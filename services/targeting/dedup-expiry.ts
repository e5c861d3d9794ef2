import { startPeriodicTask } from '../shared/bootstrap/periodic-task';
import type { Queryable } from '../shared/db/pool';
import type { Logger } from '../shared/logger';

// Emitted (event, user) pairs are only needed while a duplicate can still arrive; pending ones are
// never expired (a replay must re-emit them). Deleted in bounded chunks so no statement runs long.
const EXPIRE = `
DELETE FROM dedup WHERE ctid IN (
  SELECT ctid FROM dedup WHERE created_at < now() - make_interval(hours => $1::int) AND emitted_at IS NOT NULL LIMIT $2
)`;
const CHUNK_ROWS = 10_000;

/** Deletes emitted dedup rows older than retentionHours, now and every intervalMs. Returns a stop function. */
export function startDedupExpiry(deps: { db: Queryable; logger: Logger; retentionHours: number; intervalMs: number }): () => Promise<void> {
  return startPeriodicTask({
    name: 'dedup expiry',
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    task: async () => {
      let total = 0;
      for (;;) {
        const deleted = (await deps.db.query(EXPIRE, [deps.retentionHours, CHUNK_ROWS])).rowCount ?? 0;
        total += deleted;
        if (deleted < CHUNK_ROWS) break;
      }
      if (total > 0) deps.logger.info({ deleted: total }, 'expired dedup rows');
    },
  });
}
