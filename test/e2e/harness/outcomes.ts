import type { Pool } from 'pg';
import { waitFor } from '../../helpers/wait-for';

// What the pipeline recorded, read from PostgreSQL: receipts (feedback wrote them), dead letters,
// device state, broadcast progress. Tests wait on these with waitFor, never with sleeps.

export interface ReceiptRow {
  readonly receipt_id: string;
  readonly delivery_id: string;
  readonly event_id: string;
  readonly broadcast_id: string | null;
  readonly user_id: string;
  readonly device_id: string | null;
  readonly provider: string | null;
  readonly status: string;
  readonly reason: string | null;
  readonly provider_message_id: string | null;
  readonly http_status: number | null;
  readonly attempt: number;
  readonly occurred_at: Date;
  readonly event_at: Date;
  readonly recorded_at: Date;
}

const RECEIPT_COLUMNS = `receipt_id, delivery_id, event_id, broadcast_id, user_id, device_id::text AS device_id, provider, status,
  reason, provider_message_id, http_status, attempt, occurred_at, event_at, recorded_at`;

export async function receiptsOf(pool: Pool, eventId: string): Promise<ReceiptRow[]> {
  const { rows } = await pool.query<ReceiptRow>(
    `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE event_id = $1 ORDER BY occurred_at, attempt`,
    [eventId],
  );
  return rows;
}

export async function receiptsOfDevice(pool: Pool, deviceId: string): Promise<ReceiptRow[]> {
  const { rows } = await pool.query<ReceiptRow>(
    `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE device_id = $1 ORDER BY occurred_at, attempt`,
    [deviceId],
  );
  return rows;
}

/** Waits until the event's receipts satisfy `done`; returns them. */
export function waitForReceipts(
  pool: Pool,
  eventId: string,
  done: (rows: readonly ReceiptRow[]) => boolean,
  description: string,
  timeoutMs = 60_000,
): Promise<ReceiptRow[]> {
  return waitFor(
    async () => {
      const rows = await receiptsOf(pool, eventId);
      return done(rows) ? rows : undefined;
    },
    { description: `${description} (event ${eventId})`, timeoutMs, intervalMs: 100 },
  );
}

/** Final outcomes: everything but RETRY_SCHEDULED. */
export const finalReceipts = (rows: readonly ReceiptRow[]): ReceiptRow[] => rows.filter((r) => r.status !== 'retry_scheduled');

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Receipt counts by status of one event (a broadcast: its id), counted in SQL. */
export async function statusCounts(pool: Pool, eventId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM receipts WHERE event_id = $1 GROUP BY status',
    [eventId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export interface DeadLetterRow {
  readonly stage: string;
  readonly source_topic: string;
  readonly source_partition: number;
  readonly source_offset: string;
  readonly value: Buffer;
  readonly reason_code: string;
  readonly reason_message: string;
}

export async function deadLettersFrom(pool: Pool, sourceTopic: string): Promise<DeadLetterRow[]> {
  const { rows } = await pool.query<DeadLetterRow>(
    `SELECT stage, source_topic, source_partition, source_offset, value, reason_code, reason_message
     FROM dead_letters WHERE source_topic = $1 ORDER BY source_partition, source_offset`,
    [sourceTopic],
  );
  return rows;
}

export interface DeviceStateRow {
  readonly active: boolean;
  readonly deactivated_at: Date | null;
  readonly deactivation_reason: string | null;
  readonly last_used_at: Date | null;
}

export async function deviceState(pool: Pool, deviceId: string): Promise<DeviceStateRow> {
  const { rows } = await pool.query<DeviceStateRow>(
    'SELECT active, deactivated_at, deactivation_reason, last_used_at FROM devices WHERE id = $1',
    [deviceId],
  );
  if (rows[0] === undefined) throw new Error(`no device ${deviceId}`);
  return rows[0];
}

export interface BroadcastRow {
  readonly status: string;
  readonly targeted: string;
  readonly emitted: string;
  readonly suppressed: string;
  readonly suppressed_by_reason: Record<string, number>;
  readonly failure_reason: string | null;
  readonly started_at: Date | null;
  readonly completed_at: Date | null;
}

export async function broadcastRow(pool: Pool, broadcastId: string): Promise<BroadcastRow | undefined> {
  const { rows } = await pool.query<BroadcastRow>(
    `SELECT status, targeted, emitted, suppressed, suppressed_by_reason, failure_reason, started_at, completed_at
     FROM broadcasts WHERE id = $1`,
    [broadcastId],
  );
  return rows[0];
}
