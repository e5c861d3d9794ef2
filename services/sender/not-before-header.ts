import type { ConsumedRecord } from '../shared/kafka/kafka-ports';

/**
 * Kafka header carrying a retry's not_before (epoch ms, decimal): the retry consumer reads it to decide
 * whether the head of a partition is due without decoding the value.
 */
export const NOT_BEFORE_HEADER = 'herald-not-before';

/** Epoch ms the record may be sent at; 0 without (or with an unreadable) header, meaning now. */
export function notBeforeOf(record: Pick<ConsumedRecord, 'headers'>): number {
  const raw = record.headers[NOT_BEFORE_HEADER];
  if (raw === undefined) return 0;
  const value = Number(raw.toString('utf8'));
  return Number.isFinite(value) ? value : 0;
}

/** Index of the first record not due at `nowMs` (records.length when all are due). */
export function firstNotDue(records: readonly Pick<ConsumedRecord, 'headers'>[], nowMs: number): number {
  for (let i = 0; i < records.length; i += 1) if (notBeforeOf(records[i]!) > nowMs) return i;
  return records.length;
}
