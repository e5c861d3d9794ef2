import type { Pool, PoolClient } from 'pg';
import { dbSymbol, type BroadcastTrigger, type Priority } from '../../shared/contracts/messages';
import type { BroadcastStatus } from '../schemas/broadcast-schemas';
import { decodeCursor, pageOf, type Page } from './paging';
import { upper } from './pg-support';

// Port onto broadcasts. The API inserts the row (pending) with the trigger it publishes; targeting
// runs it and keeps the progress counters; cancel flips the status, and targeting stops on seeing it.

export interface BroadcastRecord {
  readonly id: string;
  readonly app: string;
  readonly status: BroadcastStatus;
  readonly category: string;
  readonly priority: Priority;
  readonly ttlSeconds: number;
  readonly throttlePerSecond: number | null;
  readonly segment: Record<string, unknown>;
  readonly createdAt: Date;
  readonly scheduledAt: Date | null;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly failureReason: string | null;
  readonly targeted: number;
  readonly emitted: number;
  readonly suppressed: number;
  readonly suppressedByReason: Readonly<Record<string, number>>;
  /** Receipt counts by status, when asked for. */
  readonly receipts?: Readonly<Record<string, number>>;
}

export type CancelResult =
  | { readonly kind: 'cancelled'; readonly broadcast: BroadcastRecord }
  | { readonly kind: 'finished'; readonly broadcast: BroadcastRecord }
  | { readonly kind: 'not_found' };

export interface BroadcastStore {
  /** Inserts the pending row for a trigger inside `tx`; false when the id exists already. */
  insert(tx: PoolClient, trigger: BroadcastTrigger, scheduledAt: Date | null): Promise<boolean>;
  get(id: string, options: { readonly withReceipts: boolean }): Promise<BroadcastRecord | null>;
  list(filter: { status?: BroadcastStatus; app?: string; limit: number; cursor?: string }): Promise<Page<BroadcastRecord>>;
  cancel(id: string, now: Date): Promise<CancelResult>;
}

interface BroadcastRow {
  id: string;
  app: string;
  status: BroadcastStatus;
  category: string;
  priority: string;
  ttl_seconds: number;
  throttle_per_second: number | null;
  segment: Record<string, unknown>;
  created_at: Date;
  scheduled_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  failure_reason: string | null;
  targeted: string;
  emitted: string;
  suppressed: string;
  suppressed_by_reason: Record<string, number>;
}

const COLUMNS = `id, app, status, category, priority, ttl_seconds, throttle_per_second, segment, created_at, scheduled_at, started_at,
  completed_at, failure_reason, targeted, emitted, suppressed, suppressed_by_reason`;

const toRecord = (row: BroadcastRow): BroadcastRecord => ({
  id: row.id,
  app: row.app,
  status: row.status,
  category: row.category,
  priority: upper<Priority>(row.priority),
  ttlSeconds: row.ttl_seconds,
  throttlePerSecond: row.throttle_per_second,
  segment: row.segment,
  createdAt: row.created_at,
  scheduledAt: row.scheduled_at,
  startedAt: row.started_at,
  completedAt: row.completed_at,
  failureReason: row.failure_reason,
  targeted: Number(row.targeted),
  emitted: Number(row.emitted),
  suppressed: Number(row.suppressed),
  suppressedByReason: row.suppressed_by_reason,
});

export function createPgBroadcastStore(pool: Pool): BroadcastStore {
  async function receiptCounts(id: string): Promise<Record<string, number>> {
    const result = await pool.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM receipts WHERE event_id = $1 GROUP BY status',
      [id],
    );
    return Object.fromEntries(result.rows.map((r) => [r.status.toUpperCase(), Number(r.n)]));
  }

  async function get(id: string, options: { withReceipts: boolean }): Promise<BroadcastRecord | null> {
    const result = await pool.query<BroadcastRow>(`SELECT ${COLUMNS} FROM broadcasts WHERE id = $1`, [id]);
    const row = result.rows[0];
    if (!row) return null;
    const record = toRecord(row);
    return options.withReceipts ? { ...record, receipts: await receiptCounts(id) } : record;
  }

  return {
    async insert(tx, t, scheduledAt) {
      const result = await tx.query(
        `INSERT INTO broadcasts (id, app, status, segment, content, template, category, priority, ttl_seconds,
                                 throttle_per_second, triggered_at, created_at, updated_at, scheduled_at)
         VALUES ($1, $2, 'pending', $3::jsonb, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10, $10, $10, $11)
         ON CONFLICT (id) DO NOTHING`,
        [
          t.broadcast_id,
          t.app ?? 'default',
          JSON.stringify(t.segment),
          t.content === null ? null : JSON.stringify(t.content),
          t.template === null ? null : JSON.stringify(t.template),
          t.category,
          dbSymbol(t.priority),
          t.ttl_seconds,
          t.throttle_per_second,
          new Date(t.created_at),
          scheduledAt,
        ],
      );
      return result.rowCount === 1;
    },

    get,

    async list(filter) {
      const after = decodeCursor(filter.cursor);
      // The cursor carries created_at as PostgreSQL text: exact to the microsecond, unlike a JS Date.
      const result = await pool.query<BroadcastRow & { cursor_ts: string }>(
        `SELECT ${COLUMNS}, created_at::text AS cursor_ts FROM broadcasts
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR app = $2)
           AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::text))
         ORDER BY created_at DESC, id DESC LIMIT $5`,
        [filter.status ?? null, filter.app ?? null, after?.[0] ?? null, after?.[1] ?? null, filter.limit + 1],
      );
      return pageOf(result.rows, filter.limit, (row) => [row.cursor_ts, row.id], toRecord);
    },

    async cancel(id, now) {
      const result = await pool.query<BroadcastRow>(
        `UPDATE broadcasts SET status = 'cancelled', completed_at = $2, updated_at = $2
         WHERE id = $1 AND status IN ('pending', 'running') RETURNING ${COLUMNS}`,
        [id, now],
      );
      const row = result.rows[0];
      if (row) return { kind: 'cancelled', broadcast: toRecord(row) };
      const current = await get(id, { withReceipts: false });
      return current === null ? { kind: 'not_found' } : { kind: 'finished', broadcast: current };
    },
  };
}
