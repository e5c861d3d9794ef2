import { z } from 'zod';
import { BASE_SETTINGS, loadBaseConfig, parseEnv, type BaseConfig, type Env, type SettingDoc } from '../shared/config';
import { loadDbConfig, type DbConfig } from '../shared/db/db-config';

// Settings of the `herald` CLI. Most commands talk to the API (HERALD_API_URL + HERALD_API_KEY);
// `keys` uses the database directly (bootstrap), `lag` the Kafka brokers, `stack` the local stack.

export const CLI_SETTINGS: readonly SettingDoc[] = [
  { name: 'HERALD_API_URL', default: 'http://127.0.0.1:8080', unit: 'URL', description: 'Base URL of the Herald API.' },
  { name: 'HERALD_API_KEY', default: null, unit: 'hk_... API key', description: 'API key sent as a Bearer token (see `herald keys create`).' },
  { name: 'HERALD_API_TIMEOUT_MS', default: '15000', unit: 'ms', description: 'How long one API request may take.' },
];

const cliEnvSchema = z.object({
  HERALD_API_URL: z.url().default('http://127.0.0.1:8080'),
  HERALD_API_KEY: z.string().min(1).optional(),
  HERALD_API_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
});

export interface CliConfig {
  /** Without a trailing slash. */
  readonly apiUrl: string;
  readonly apiKey: string | null;
  readonly apiTimeoutMs: number;
  /** The environment, for the lazily loaded settings below (only the commands that need them read them). */
  readonly env: Env;
}

export function loadCliConfig(env: Env = process.env): CliConfig {
  const e = parseEnv(cliEnvSchema, env);
  return Object.freeze({ apiUrl: e.HERALD_API_URL.replace(/\/+$/, ''), apiKey: e.HERALD_API_KEY ?? null, apiTimeoutMs: e.HERALD_API_TIMEOUT_MS, env });
}

/** Kafka and database settings, read only by the commands that use them (lag, keys). */
export function loadCliBackendConfig(env: Env): { base: BaseConfig; db: DbConfig } {
  return { base: loadBaseConfig(env), db: loadDbConfig(env) };
}

export const ALL_CLI_SETTINGS: readonly SettingDoc[] = [...CLI_SETTINGS, ...BASE_SETTINGS.filter((d) => ['KAFKA_BROKERS', 'DATABASE_URL'].includes(d.name))];
