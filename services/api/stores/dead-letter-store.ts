import type { Static } from '@sinclair/typebox';
import type { Pool } from 'pg';
import type { OutboundMessage } from '../publisher';
import type { DeadLetterDetail, DeadLetterStatus, DeadLetterSummary } from '../schemas/dead-letter-schemas';
import { decodeCursor, pageOf, type Page } from './paging';
import { inTransaction } from './pg-support';

// Port onto dead_letters (recorded by feedback). Replay re-publishes the original key and value bytes,
// untouched, to their source topic with their original headers (plus one naming the dead letter), and
// marks the rows replayed in the same transaction: if publishing fails, nothing is marked.

export type DeadLetterSummaryRecord = Static<typeof DeadLetterSummary>;
export type DeadLetterDetailRecord = Static<typeof DeadLetterDetail>;

export const REPLAY_HEADER = 'herald-replay-of-dead-letter';

export interface ReplayResult {
  readonly replayed: string[];
  readonly notFound: string[];
  readonly notOpen: string[];
}

export interface DeadLetterStore {
  list(filter: { stage?: string; reason?: string; status: DeadLetterStatus; limit: number; cursor?: string }): Promise<Page<DeadLetterSummaryRecord>>;
  get(id: string): Promise<DeadLetterDetailRecord | null>;
  /** Publishes each open dead letter's original message through `publish`, then marks it replayed. */
  replay(ids: readonly string[], now: Date, publish: (messages: OutboundMessage[]) => Promise<void>): Promise<ReplayResult>;
  /** Marks an open dead letter discarded; the status it has otherwise, or null when missing. */
  discard(id: string): Promise<{ discarded: true } | { discarded: false; status: DeadLetterStatus | null }>;
}

interface DeadLetterRow {
  id: string;
  stage: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
  reason_code: string;
  reason_message: string;
  failed_at: Date;
  attempts: number;
  status: DeadLetterStatus;
  replayed_at: Date | null;
  value_bytes: number;
}

const SUMMARY = `id::text AS id, stage, source_topic, source_partition, source_offset::text AS source_offset, reason_code,
  reason_message, failed_at, attempts, status, replayed_at, octet_length(value) AS value_bytes`;

const toSummary = (r: DeadLetterRow): DeadLetterSummaryRecord => ({
  id: r.id,
  stage: r.stage,
  source_topic: r.source_topic,
  source_partition: r.source_partition,
  source_offset: r.source_offset,
  reason_code: r.reason_code,
  reason_message: r.reason_message,
  failed_at: r.failed_at.toISOString(),
  attempts: r.attempts,
  status: r.status,
  replayed_at: r.replayed_at?.toISOString() ?? null,
  value_bytes: r.value_bytes,
});

export function createPgDeadLetterStore(pool: Pool): DeadLetterStore {
  return {
    async list(filter) {
      const after = decodeCursor(filter.cursor);
      const result = await pool.query<DeadLetterRow>(
        `SELECT ${SUMMARY} FROM dead_letters
         WHERE status = $1 AND ($2::text IS NULL OR stage = $2) AND ($3::text IS NULL OR reason_code = $3)
           AND ($4::bigint IS NULL OR id < $4::bigint)
         ORDER BY dead_letters.id DESC LIMIT $5`,
        [filter.status, filter.stage ?? null, filter.reason ?? null, after?.[0] ?? null, filter.limit + 1],
      );
      return pageOf(result.rows, filter.limit, (row) => [row.id, ''], toSummary);
    },

    async get(id) {
      const result = await pool.query<DeadLetterRow>(`SELECT ${SUMMARY}, key, value, headers FROM dead_letters WHERE id = $1`, [id]);
      const row = result.rows[0];
      if (!row) return null;
      return { ...toSummary(row), key_base64: row.key?.toString('base64') ?? null, value_base64: row.value.toString('base64'), headers: row.headers };
    },

    replay(ids, now, publish) {
      return inTransaction(pool, async (tx) => {
        const result = await tx.query<DeadLetterRow>(
          `SELECT ${SUMMARY}, key, value, headers FROM dead_letters WHERE id = ANY($1::bigint[]) ORDER BY dead_letters.id FOR UPDATE`,
          [ids],
        );
        const found = new Map(result.rows.map((row) => [row.id, row]));
        const open = result.rows.filter((row) => row.status === 'open');
        if (open.length > 0) {
          await publish(
            open.map((row) => ({
              topic: row.source_topic,
              key: row.key,
              value: row.value,
              headers: { ...row.headers, [REPLAY_HEADER]: row.id },
            })),
          );
          await tx.query(`UPDATE dead_letters SET status = 'replayed', replayed_at = $2 WHERE id = ANY($1::bigint[])`, [
            open.map((row) => row.id),
            now,
          ]);
        }
        return {
          replayed: open.map((row) => row.id),
          notFound: ids.filter((id) => !found.has(id)),
          notOpen: result.rows.filter((row) => row.status !== 'open').map((row) => row.id),
        };
      });
    },

    async discard(id) {
      const updated = await pool.query(`UPDATE dead_letters SET status = 'discarded' WHERE id = $1 AND status = 'open'`, [id]);
      if ((updated.rowCount ?? 0) > 0) return { discarded: true };
      const current = await pool.query<{ status: DeadLetterStatus }>('SELECT status FROM dead_letters WHERE id = $1', [id]);
      return { discarded: false, status: current.rows[0]?.status ?? null };
    },
  };
}
