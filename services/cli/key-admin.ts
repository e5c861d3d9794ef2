import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

// API keys, straight in the database: the bootstrap path (the first key cannot come from the API).
// The key format and hash must match what the API checks (services/api/auth/api-key-format.ts):
// `hk_<12 hex>_<43 base64url>`, stored as the SHA-256 of the whole key, with `hk_<12 hex>` as prefix.

export const KEY_SCOPES = ['devices:read', 'devices:write', 'send', 'broadcast', 'receipts:read', 'admin'] as const;

export interface KeySummary {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly scopes: string[];
  readonly created_at: string;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
}

interface KeyRow {
  id: string;
  key_prefix: string;
  name: string;
  scopes: string[];
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, key_prefix, name, scopes, created_at, revoked_at, last_used_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summary = (row: KeyRow): KeySummary => ({
  id: row.id,
  prefix: row.key_prefix,
  name: row.name,
  scopes: row.scopes,
  created_at: row.created_at.toISOString(),
  revoked_at: row.revoked_at?.toISOString() ?? null,
  last_used_at: row.last_used_at?.toISOString() ?? null,
});

export function newApiKey(random: (bytes: number) => Buffer = randomBytes): { prefix: string; key: string; hash: Buffer } {
  const prefix = `hk_${random(6).toString('hex')}`;
  const key = `${prefix}_${random(32).toString('base64url')}`;
  return { prefix, key, hash: createHash('sha256').update(key, 'utf8').digest() };
}

export async function createKey(pool: Pool, name: string, scopes: readonly string[]): Promise<KeySummary & { key: string }> {
  const created = newApiKey();
  const result = await pool.query<KeyRow>(
    `INSERT INTO api_keys (name, key_prefix, key_hash, scopes) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [name, created.prefix, created.hash, [...scopes]],
  );
  return { ...summary(result.rows[0] as KeyRow), key: created.key };
}

/** By id (UUID), prefix (hk_...) or the whole key; null when no key matches. */
export async function revokeKey(pool: Pool, idOrPrefix: string): Promise<KeySummary | null> {
  const byId = UUID.test(idOrPrefix);
  const prefix = idOrPrefix.slice(0, 15);
  const result = await pool.query<KeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE ${byId ? 'id = $1::uuid' : 'key_prefix = $1'} RETURNING ${COLUMNS}`,
    [byId ? idOrPrefix : prefix],
  );
  return result.rows[0] ? summary(result.rows[0]) : null;
}

export async function listKeys(pool: Pool): Promise<KeySummary[]> {
  return (await pool.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)).rows.map(summary);
}
