import type { Queryable } from './pool';

// Receipts are partitioned by day (UTC) of occurred_at; see infra/migrations/*_receipts.sql for the
// SQL functions these call. Feedback runs them periodically (and migrate() on every start), so the
// partitions for the coming days always exist before rows arrive.

/** Today plus the next seven days. */
export const RECEIPT_PARTITION_DAYS_AHEAD = 8;

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Name of the partition holding the receipts of an instant's UTC day. */
export function receiptPartitionName(instant: Date): string {
  return `receipts_p${utcDay(instant).replaceAll('-', '')}`;
}

/** Creates the missing daily partitions from now's UTC day on; returns how many were created. */
export async function ensureReceiptPartitions(
  db: Queryable,
  now: Date,
  days: number = RECEIPT_PARTITION_DAYS_AHEAD,
): Promise<number> {
  const result = await db.query<{ created: number }>(
    'SELECT herald_ensure_receipt_partitions($1::date, $2::int) AS created',
    [utcDay(now), days],
  );
  return result.rows[0]?.created ?? 0;
}

/**
 * Retention: drops the partitions of the UTC days before cutoff's day (rows of cutoff's own day are
 * kept) and deletes older strays from the default partition. Returns the dropped partition names.
 */
export async function dropReceiptPartitionsOlderThan(db: Queryable, cutoff: Date): Promise<string[]> {
  const result = await db.query<{ dropped: string }>(
    'SELECT herald_drop_receipt_partitions_before($1::date) AS dropped',
    [utcDay(cutoff)],
  );
  return result.rows.map((row) => row.dropped);
}
