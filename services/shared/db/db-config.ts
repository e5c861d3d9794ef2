import { z } from 'zod';
import { baseEnvSchema, parseEnv, type Env, type SettingDoc } from '../config';

// PostgreSQL connection settings shared by every stage that uses the database. DATABASE_URL itself
// is a base setting (documented in services/shared/config.ts); the pool tuning is documented here.

export const DB_SETTINGS: readonly SettingDoc[] = [
  {
    name: 'DB_POOL_MAX',
    default: '10',
    unit: 'connections',
    description: 'Most connections one process keeps open to PostgreSQL.',
  },
  {
    name: 'DB_CONNECT_TIMEOUT_MS',
    default: '10000',
    unit: 'ms',
    description: 'How long to wait for a new connection before failing the query.',
  },
  {
    name: 'DB_IDLE_TIMEOUT_MS',
    default: '30000',
    unit: 'ms',
    description: 'Idle connections are closed after this long.',
  },
  {
    name: 'DB_STATEMENT_TIMEOUT_MS',
    default: '0',
    unit: 'ms (0 = no limit)',
    description: 'Server-side statement_timeout for pooled connections.',
  },
];

export const dbEnvSchema = z.object({
  DATABASE_URL: baseEnvSchema.shape.DATABASE_URL,
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(0),
});

export interface DbConfig {
  readonly databaseUrl: string;
  /** Connections per process. */
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** 0 = no limit. */
  readonly statementTimeoutMs: number;
}

export function loadDbConfig(env: Env = process.env): DbConfig {
  const parsed = parseEnv(dbEnvSchema, env);
  return Object.freeze({
    databaseUrl: parsed.DATABASE_URL,
    poolMax: parsed.DB_POOL_MAX,
    connectTimeoutMs: parsed.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: parsed.DB_IDLE_TIMEOUT_MS,
    statementTimeoutMs: parsed.DB_STATEMENT_TIMEOUT_MS,
  });
}
