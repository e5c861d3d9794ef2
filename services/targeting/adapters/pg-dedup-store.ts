import type { Queryable } from '../../shared/db/pool';
import type { DedupPair, DedupState, DedupStore } from '../ports';

const key = (eventId: string, userId: string): string => JSON.stringify([eventId, userId]);

/**
 * The dedup ledger in one statement per batch: insert the pairs as pending (emitted_at NULL) unless
 * present, and read the state of those that were. Callers pass distinct pairs.
 */
export function createPgDedupStore(db: Queryable): DedupStore {
  return {
    async claim(pairs) {
      if (pairs.length === 0) return [];
      const { rows } = await db.query<{ event_id: string; user_id: string; inserted: boolean; emitted: boolean }>(
        `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(event_id, user_id)),
              inserted AS (
                INSERT INTO dedup (event_id, user_id) SELECT event_id, user_id FROM input
                ON CONFLICT (event_id, user_id) DO NOTHING RETURNING event_id, user_id)
         SELECT i.event_id, i.user_id, (n.event_id IS NOT NULL) AS inserted, COALESCE(d.emitted_at IS NOT NULL, false) AS emitted
         FROM input i
         LEFT JOIN inserted n ON n.event_id = i.event_id AND n.user_id = i.user_id
         LEFT JOIN dedup d ON d.event_id = i.event_id AND d.user_id = i.user_id`,
        [pairs.map((p) => p.eventId), pairs.map((p) => p.userId)],
      );
      const states = new Map<string, DedupState>();
      for (const row of rows) {
        states.set(key(row.event_id, row.user_id), row.inserted ? 'new' : row.emitted ? 'emitted' : 'pending');
      }
      return pairs.map((p) => states.get(key(p.eventId, p.userId)) ?? 'pending');
    },
    async markEmitted(pairs: readonly DedupPair[]) {
      if (pairs.length === 0) return;
      await db.query(
        `UPDATE dedup d SET emitted_at = now()
         FROM unnest($1::text[], $2::text[]) AS t(event_id, user_id)
         WHERE d.event_id = t.event_id AND d.user_id = t.user_id AND d.emitted_at IS NULL`,
        [pairs.map((p) => p.eventId), pairs.map((p) => p.userId)],
      );
    },
  };
}
