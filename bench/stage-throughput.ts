import type { Pool } from 'pg';

// Per-stage throughput of one broadcast, from what each stage left in PostgreSQL: targeting's
// broadcast progress (emitted between started_at and completed_at), each sender's receipts (provider
// answers between the first and the last), feedback's rows (recorded_at, the insert time).

export interface Span {
  readonly count: number;
  readonly firstMs: number;
  readonly lastMs: number;
}

export const perSecond = (span: Span | null): number | null =>
  span === null || span.count === 0 ? null : span.count / Math.max(0.001, (span.lastMs - span.firstMs) / 1000);

export interface BroadcastSpans {
  readonly targeting: Span | null;
  readonly senders: Readonly<Record<string, Span>>;
  readonly feedback: Span | null;
  readonly outcomes: Readonly<Record<string, number>>;
  /** Outcomes other than accepted, by provider, status and reason ("fcm retry_scheduled: timeout"). */
  readonly otherReasons: Readonly<Record<string, number>>;
}

export async function broadcastSpans(pool: Pool, broadcastId: string): Promise<BroadcastSpans> {
  const broadcast = await pool.query<{ emitted: string; started: Date | null; completed: Date | null }>(
    'SELECT emitted, started_at AS started, completed_at AS completed FROM broadcasts WHERE id = $1',
    [broadcastId],
  );
  const b = broadcast.rows[0];
  const senders = await pool.query<{ provider: string; n: string; first: Date; last: Date }>(
    `SELECT provider, count(*) AS n, min(occurred_at) AS first, max(occurred_at) AS last
     FROM receipts WHERE event_id = $1 AND attempt > 0 GROUP BY provider`,
    [broadcastId],
  );
  const feedback = await pool.query<{ n: string; first: Date | null; last: Date | null }>(
    'SELECT count(*) AS n, min(recorded_at) AS first, max(recorded_at) AS last FROM receipts WHERE event_id = $1',
    [broadcastId],
  );
  const outcomes = await pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM receipts WHERE event_id = $1 GROUP BY status', [
    broadcastId,
  ]);
  const reasons = await pool.query<{ provider: string | null; status: string; reason: string | null; n: string }>(
    `SELECT provider, status, reason, count(*) AS n FROM receipts WHERE event_id = $1 AND status <> 'accepted' GROUP BY provider, status, reason`,
    [broadcastId],
  );
  const f = feedback.rows[0];
  return {
    targeting:
      b?.started && b.completed ? { count: Number(b.emitted), firstMs: b.started.getTime(), lastMs: b.completed.getTime() } : null,
    senders: Object.fromEntries(
      senders.rows.map((r) => [`sender-${r.provider}`, { count: Number(r.n), firstMs: r.first.getTime(), lastMs: r.last.getTime() }]),
    ),
    feedback: f?.first && f.last ? { count: Number(f.n), firstMs: f.first.getTime(), lastMs: f.last.getTime() } : null,
    outcomes: Object.fromEntries(outcomes.rows.map((r) => [r.status, Number(r.n)])),
    otherReasons: Object.fromEntries(reasons.rows.map((r) => [`${r.provider ?? '-'} ${r.status}: ${r.reason ?? '-'}`, Number(r.n)])),
  };
}

/** Final outcomes recorded so far (RETRY_SCHEDULED is not final); an index-only count. */
export async function finalOutcomes(pool: Pool, broadcastId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM receipts WHERE event_id = $1 AND status <> 'retry_scheduled'`,
    [broadcastId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** The last receipt of the broadcast written to PostgreSQL, epoch ms. */
export async function lastRecordedMs(pool: Pool, broadcastId: string): Promise<number> {
  const { rows } = await pool.query<{ last: Date }>('SELECT max(recorded_at) AS last FROM receipts WHERE event_id = $1', [broadcastId]);
  return rows[0]?.last?.getTime() ?? Number.NaN;
}
