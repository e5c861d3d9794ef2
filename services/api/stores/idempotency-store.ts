import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

// Idempotency-Key: the first request with a key claims it (owner, key) inside a transaction, does its
// work (insert rows, publish to Kafka) and commits; a concurrent duplicate waits on the claim's row
// lock, then answers with the first request's event id. The same key with a different body is refused.
// If the process dies after Kafka acknowledged but before COMMIT, the claim is rolled back and a retry
// publishes again with a new event id: the one window where a key can yield two messages.

export interface IdempotencyClaim {
  /** Whose key space (`key:<api key id>` or `user:<id>`). */
  readonly owner: string;
  readonly key: string;
  /** SHA-256 of the request's canonical JSON. */
  readonly requestHash: Buffer;
  /** The id this request will answer with if it is the first. */
  readonly eventId: string;
}

export type IdempotencyOutcome =
  | { readonly kind: 'first'; readonly eventId: string }
  | { readonly kind: 'replayed'; readonly eventId: string }
  | { readonly kind: 'mismatch' };

export type Work = (tx: PoolClient) => Promise<void>;

export interface IdempotencyStore {
  /** Runs `work` in the claim's transaction when the claim is new (or the old one expired). */
  run(claim: IdempotencyClaim, now: Date, work: Work): Promise<IdempotencyOutcome>;
}

/** Stable JSON (object keys sorted) so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const requestHash = (route: string, body: unknown): Buffer =>
  createHash('sha256').update(route).update('\n').update(canonicalJson(body)).digest();

export function createPgIdempotencyStore(pool: Pool, ttlMs: number): IdempotencyStore {
  return {
    async run(claim, now, work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const claimed = await client.query<{ event_id: string }>(
          `INSERT INTO idempotency_keys (owner, key, request_hash, event_id, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (owner, key) DO UPDATE SET request_hash = $3, event_id = $4, created_at = $5
             WHERE idempotency_keys.created_at < $6
           RETURNING event_id`,
          [claim.owner, claim.key, claim.requestHash, claim.eventId, now, new Date(now.getTime() - ttlMs)],
        );
        if (claimed.rowCount === 1) {
          await work(client);
          await client.query('COMMIT');
          return { kind: 'first', eventId: claim.eventId };
        }
        const existing = await client.query<{ request_hash: Buffer; event_id: string }>(
          'SELECT request_hash, event_id FROM idempotency_keys WHERE owner = $1 AND key = $2',
          [claim.owner, claim.key],
        );
        await client.query('COMMIT');
        const row = existing.rows[0];
        if (!row) throw new Error('idempotency key vanished between claim and read');
        return row.request_hash.equals(claim.requestHash) ? { kind: 'replayed', eventId: row.event_id } : { kind: 'mismatch' };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
