import type { Pool } from 'pg';
import { API_KEY_SCOPES, createPgApiKeyStore, type ApiKeySummary } from '../shared/auth/api-key-store';

// API keys, straight in the database through the same store the API authenticates with: the
// bootstrap path (the first key cannot come from the API).

export const KEY_SCOPES = API_KEY_SCOPES;

/** What the CLI prints (with --json) for a key: never the secret, except once at creation. */
export interface KeySummary {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly scopes: string[];
  readonly created_at: string;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
}

const summary = (s: ApiKeySummary): KeySummary => ({
  id: s.id,
  prefix: s.prefix,
  name: s.name,
  scopes: [...s.scopes],
  created_at: s.createdAt.toISOString(),
  revoked_at: s.revokedAt?.toISOString() ?? null,
  last_used_at: s.lastUsedAt?.toISOString() ?? null,
});

export async function createKey(pool: Pool, name: string, scopes: readonly string[]): Promise<KeySummary & { key: string }> {
  const created = await createPgApiKeyStore(pool).create(name, scopes);
  return { ...summary(created.summary), key: created.key };
}

/** By id (UUID), prefix (hk_...) or the whole key; null when no key matches. */
export async function revokeKey(pool: Pool, idOrPrefix: string, now: Date = new Date()): Promise<KeySummary | null> {
  const revoked = await createPgApiKeyStore(pool).revoke(idOrPrefix, now);
  return revoked === null ? null : summary(revoked);
}

export async function listKeys(pool: Pool): Promise<KeySummary[]> {
  return (await createPgApiKeyStore(pool).list()).map(summary);
}
