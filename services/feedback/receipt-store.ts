import type { Queryable } from '../shared/db/pool';
import type { ReceiptRow } from './receipt-rows';
import type { DeadToken, UsedToken } from './token-feedback';

/** The feedback stage's port to PostgreSQL for receipts and device state. */
export interface ReceiptStore {
  /** Inserts rows in one statement; rows already present are skipped. Returns how many were new. */
  insertReceipts(rows: readonly ReceiptRow[]): Promise<number>;
  /** Deactivates each device unless it was seen (re-registered) after the report. Returns how many changed. */
  deactivateDevices(dead: readonly DeadToken[]): Promise<number>;
  touchDevices(used: readonly UsedToken[]): Promise<void>;
}

// One multi-row insert through unnest(): a single round trip and a single plan for any batch size.
const INSERT_RECEIPTS = `
INSERT INTO receipts (occurred_at, receipt_id, delivery_id, event_id, broadcast_id, user_id, device_id, app,
                      provider, status, reason, provider_message_id, http_status, attempt, event_at)
SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::smallint[], $14::int[],
                     $15::timestamptz[])
ON CONFLICT DO NOTHING`;

// APNs reports 410 Unregistered with the time the token stopped being valid: a device that
// re-registered after that keeps working, so only rows not seen since the report are deactivated.
const DEACTIVATE = `
UPDATE devices d SET active = false, deactivated_at = x.reported_at, deactivation_reason = x.reason
FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS x(id, reason, reported_at)
WHERE d.id = x.id AND d.active AND d.last_seen_at <= x.reported_at`;

const TOUCH = `
UPDATE devices d SET last_used_at = x.used_at
FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, used_at)
WHERE d.id = x.id AND (d.last_used_at IS NULL OR d.last_used_at < x.used_at)`;

export function createPgReceiptStore(db: Queryable): ReceiptStore {
  return {
    async insertReceipts(rows) {
      if (rows.length === 0) return 0;
      const col = <K extends keyof ReceiptRow>(k: K): ReceiptRow[K][] => rows.map((r) => r[k]);
      const result = await db.query(INSERT_RECEIPTS, [
        col('occurredAt'), col('receiptId'), col('deliveryId'), col('eventId'), col('broadcastId'), col('userId'),
        col('deviceId'), col('app'), col('provider'), col('status'), col('reason'), col('providerMessageId'),
        col('httpStatus'), col('attempt'), col('eventAt'),
      ]);
      return result.rowCount ?? 0;
    },
    async deactivateDevices(dead) {
      if (dead.length === 0) return 0;
      const result = await db.query(DEACTIVATE, [dead.map((d) => d.deviceId), dead.map((d) => d.reason), dead.map((d) => d.reportedAt)]);
      return result.rowCount ?? 0;
    },
    async touchDevices(used) {
      if (used.length === 0) return;
      await db.query(TOUCH, [used.map((u) => u.deviceId), used.map((u) => u.usedAt)]);
    },
  };
}
