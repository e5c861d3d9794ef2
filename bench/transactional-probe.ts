import type { Pool } from 'pg';
import type { Delivery } from '../services/shared/contracts/messages';
import type { Pipeline } from '../test/e2e/harness/pipeline';
import { aRequest } from '../test/e2e/harness/inputs';
import { readTopicToEnd } from '../test/e2e/harness/topic-reader';
import type { BenchProvider } from './bench-options';

// Transactional notifications sent at a steady pace while the broadcast runs, one user (one device)
// each; their latencies come from their receipts: event time → provider accepted (occurred_at) and
// event time → receipt in PostgreSQL (recorded_at).

export interface ProbeSent {
  readonly eventId: string;
  readonly sentAtMs: number;
}

export interface TransactionalProbe {
  /** Stops sending; resolves with what was sent. */
  stop(): Promise<ProbeSent[]>;
}

export function startTransactionalProbe(pipeline: Pipeline, userIds: readonly string[], intervalMs: number): TransactionalProbe {
  const sent: ProbeSent[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i += 1) {
      const next = Date.now() + intervalMs;
      const request = aRequest([userIds[i % userIds.length]!], { priority: 'HIGH', category: 'account' });
      await pipeline.publish(pipeline.topics['notifications.requests'], request, { key: request.event_id });
      sent.push({ eventId: request.event_id, sentAtMs: request.created_at });
      const waitMs = next - Date.now();
      if (waitMs > 0 && running) await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return sent;
    },
  };
}

export interface ProbeLatencies {
  /** Event time → provider accepted, ms, sorted. */
  readonly acceptedMs: number[];
  /** Event time → receipt row in PostgreSQL, ms, sorted. */
  readonly recordedMs: number[];
  /** Probes with no accepted receipt (yet). */
  readonly missing: number;
}

export async function probeLatencies(pool: Pool, probes: readonly ProbeSent[]): Promise<ProbeLatencies> {
  const { rows } = await pool.query<{ event_id: string; accepted_ms: number; recorded_ms: number }>(
    `SELECT event_id, extract(epoch FROM occurred_at - event_at) * 1000 AS accepted_ms,
            extract(epoch FROM recorded_at - event_at) * 1000 AS recorded_ms
     FROM receipts WHERE event_id = ANY($1::text[]) AND status = 'accepted'`,
    [probes.map((p) => p.eventId)],
  );
  const seen = new Set(rows.map((r) => r.event_id));
  return {
    acceptedMs: rows.map((r) => Number(r.accepted_ms)).sort((a, b) => a - b),
    recordedMs: rows.map((r) => Number(r.recorded_ms)).sort((a, b) => a - b),
    missing: probes.filter((p) => !seen.has(p.eventId)).length,
  };
}

/** Nearest-rank percentile of sorted values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface ProbeStages {
  /** Event time → delivery produced onto the priority lane (targeting), ms, sorted. */
  readonly targetingMs: number[];
  /** Delivery produced → provider accepted (sender, Kafka included), ms, sorted. */
  readonly senderMs: number[];
}

/**
 * Where the probes' time went: the priority-lane delivery topics hold only transactional deliveries,
 * and each record's timestamp is when targeting produced it; the accepted receipt says when the
 * provider answered.
 */
export async function probeStages(pipeline: Pipeline, providers: readonly BenchProvider[], probes: readonly ProbeSent[]): Promise<ProbeStages> {
  const wanted = new Map(probes.map((p) => [p.eventId, p.sentAtMs]));
  const produced = new Map<string, { eventAtMs: number; producedAtMs: number }>();
  for (const provider of providers) {
    for (const record of await readTopicToEnd(pipeline.kafka, pipeline.codec, pipeline.topics[`delivery.${provider}.priority`], 120_000)) {
      const delivery = record.value as Delivery | undefined;
      const sentAt = delivery === undefined ? undefined : wanted.get(delivery.event_id);
      if (delivery !== undefined && sentAt !== undefined) produced.set(delivery.delivery_id, { eventAtMs: delivery.created_at, producedAtMs: record.timestampMs });
    }
  }
  const { rows } = await pipeline.pool.query<{ delivery_id: string; occurred_at: Date }>(
    `SELECT delivery_id, occurred_at FROM receipts WHERE delivery_id = ANY($1::text[]) AND status = 'accepted'`,
    [[...produced.keys()]],
  );
  const targetingMs: number[] = [];
  const senderMs: number[] = [];
  for (const row of rows) {
    const p = produced.get(row.delivery_id)!;
    targetingMs.push(p.producedAtMs - p.eventAtMs);
    senderMs.push(row.occurred_at.getTime() - p.producedAtMs);
  }
  return { targetingMs: targetingMs.sort((a, b) => a - b), senderMs: senderMs.sort((a, b) => a - b) };
}
