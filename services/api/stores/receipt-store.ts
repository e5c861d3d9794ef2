import type { Static } from '@sinclair/typebox';
import type { Pool } from 'pg';
import type { ReceiptView } from '../schemas/receipt-schemas';
import { decodeCursor, pageOf, type Page } from './paging';

// Port onto receipts (written by feedback): newest first, keyset-paged on (occurred_at, receipt_id).

export type ReceiptRecord = Static<typeof ReceiptView>;

export interface ReceiptStore {
  find(filter: { by: 'event_id' | 'user_id'; id: string; limit: number; cursor?: string }): Promise<Page<ReceiptRecord>>;
}

interface ReceiptRow {
  receipt_id: string;
  delivery_id: string;
  event_id: string;
  broadcast_id: string | null;
  user_id: string;
  device_id: string | null;
  app: string | null;
  provider: string | null;
  status: string;
  reason: string | null;
  provider_message_id: string | null;
  http_status: number | null;
  attempt: number;
  event_at: Date;
  occurred_at: Date;
  cursor_ts: string;
}

const toRecord = (r: ReceiptRow): ReceiptRecord => ({
  receipt_id: r.receipt_id,
  delivery_id: r.delivery_id,
  event_id: r.event_id,
  broadcast_id: r.broadcast_id,
  user_id: r.user_id,
  device_id: r.device_id,
  app: r.app,
  provider: r.provider?.toUpperCase() ?? null,
  status: r.status.toUpperCase(),
  reason: r.reason,
  provider_message_id: r.provider_message_id,
  http_status: r.http_status,
  attempt: r.attempt,
  event_at: r.event_at.toISOString(),
  occurred_at: r.occurred_at.toISOString(),
});

export function createPgReceiptStore(pool: Pool): ReceiptStore {
  return {
    async find(filter) {
      const after = decodeCursor(filter.cursor);
      const column = filter.by === 'event_id' ? 'event_id' : 'user_id';
      const result = await pool.query<ReceiptRow>(
        `SELECT receipt_id, delivery_id, event_id, broadcast_id, user_id, device_id, app, provider, status, reason,
                provider_message_id, http_status, attempt, event_at, occurred_at, occurred_at::text AS cursor_ts
         FROM receipts
         WHERE ${column} = $1 AND ($2::timestamptz IS NULL OR (occurred_at, receipt_id) < ($2::timestamptz, $3::text))
         ORDER BY occurred_at DESC, receipt_id DESC LIMIT $4`,
        [filter.id, after?.[0] ?? null, after?.[1] ?? null, filter.limit + 1],
      );
      return pageOf(result.rows, filter.limit, (row) => [row.cursor_ts, row.receipt_id], toRecord);
    },
  };
}
