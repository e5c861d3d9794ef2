import { dbSymbol, type Receipt } from '../shared/contracts/messages';

/** One receipts table row, column for column (see infra/migrations/*_receipts.sql). */
export interface ReceiptRow {
  readonly occurredAt: Date;
  readonly receiptId: string;
  readonly deliveryId: string;
  readonly eventId: string;
  readonly broadcastId: string | null;
  readonly userId: string;
  readonly deviceId: string | null;
  readonly app: string | null;
  readonly provider: string | null;
  readonly status: string;
  readonly reason: string | null;
  readonly providerMessageId: string | null;
  readonly httpStatus: number | null;
  readonly attempt: number;
  readonly eventAt: Date;
}

export function toReceiptRow(r: Receipt): ReceiptRow {
  return {
    occurredAt: new Date(r.occurred_at),
    receiptId: r.receipt_id,
    deliveryId: r.delivery_id,
    eventId: r.event_id,
    broadcastId: r.broadcast_id,
    userId: r.user_id,
    deviceId: r.device_id,
    app: r.app,
    provider: r.provider === null ? null : dbSymbol(r.provider),
    status: dbSymbol(r.status),
    reason: r.reason,
    providerMessageId: r.provider_message_id,
    httpStatus: r.http_status,
    attempt: r.attempt,
    eventAt: new Date(r.event_at),
  };
}

/**
 * Rows for one multi-row insert: a receipt redelivered inside the same batch appears once (PostgreSQL
 * refuses ON CONFLICT touching one row twice in a statement), keeping the first.
 */
export function receiptRowsForBatch(receipts: readonly Receipt[]): ReceiptRow[] {
  const seen = new Set<string>();
  const rows: ReceiptRow[] = [];
  for (const receipt of receipts) {
    const key = `${receipt.occurred_at}|${receipt.receipt_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(toReceiptRow(receipt));
  }
  return rows;
}
