import type { Queryable } from '../db/pool';
import { apiKeyId, generateApiKey } from './api-key-format';

// Port onto api_keys, shared by the API (looks keys up by hash) and the CLI (creates, lists and
// revokes them with direct database access: the first key cannot come from the API).

/** Every scope a key can carry; `admin` grants all of them. */
export const API_KEY_SCOPES = ['devices:read', 'devices:write', 'send', 'broadcast', 'receipts:read', 'admin'] as const;

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly revokedAt: Date | null;
}

/** Look a key up by the SHA-256 (hex) of the presented secret. */
export interface ApiKeyLookup {
  findByHash(keyHash: string): Promise<ApiKeyRecord | null>;
}

export interface ApiKeySummary {
  readonly id: string;
  /** `hk_<12 hex>`: the printable part of the key. */
  readonly prefix: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface ApiKeyStore extends ApiKeyLookup {
  /** Stores a new key; the secret is returned once and never stored. */
  create(name: string, scopes: readonly string[]): Promise<{ summary: ApiKeySummary; key: string }>;
  /** Revokes by id (UUID) or prefix (`hk_...`); null when no such key. */
  revoke(idOrPrefix: string, now: Date): Promise<ApiKeySummary | null>;
  list(): Promise<ApiKeySummary[]>;
}

interface ApiKeyRow {
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

const toSummary = (row: ApiKeyRow): ApiKeySummary => ({
  id: row.id,
  prefix: row.key_prefix,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

export function createPgApiKeyStore(pool: Queryable): ApiKeyStore {
  return {
    async findByHash(keyHash): Promise<ApiKeyRecord | null> {
      // last_used_at is bumped at most once a minute per key, so lookups rarely write.
      const result = await pool.query<ApiKeyRow>(
        `WITH found AS (SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1),
              touched AS (UPDATE api_keys SET last_used_at = now()
                          WHERE key_hash = $1 AND revoked_at IS NULL
                            AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
         SELECT * FROM found`,
        [Buffer.from(keyHash, 'hex')],
      );
      const row = result.rows[0];
      return row ? { id: row.id, name: row.name, scopes: row.scopes, revokedAt: row.revoked_at } : null;
    },

    async create(name, scopes) {
      const created = generateApiKey();
      const result = await pool.query<ApiKeyRow>(
        `INSERT INTO api_keys (name, key_prefix, key_hash, scopes) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [name, `hk_${created.id}`, Buffer.from(created.keyHash, 'hex'), [...scopes]],
      );
      return { summary: toSummary(result.rows[0] as ApiKeyRow), key: created.key };
    },

    async revoke(idOrPrefix, now) {
      const byId = UUID.test(idOrPrefix);
      const prefix = idOrPrefix.startsWith('hk_') && idOrPrefix.length > 15 ? `hk_${apiKeyId(idOrPrefix) ?? ''}` : idOrPrefix;
      const result = await pool.query<ApiKeyRow>(
        `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2)
         WHERE ${byId ? 'id = $1::uuid' : 'key_prefix = $1'} RETURNING ${COLUMNS}`,
        [byId ? idOrPrefix : prefix, now],
      );
      const row = result.rows[0];
      return row ? toSummary(row) : null;
    },

    async list() {
      const result = await pool.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`);
      return result.rows.map(toSummary);
    },
  };
}
