import { z } from 'zod';
import {
  BASE_SETTINGS,
  baseEnvSchema,
  loadBaseConfig,
  parseEnv,
  portNumber,
  type BaseConfig,
  type Env,
  type SettingDoc,
} from '../shared/config';
import { DB_SETTINGS, dbEnvSchema, loadDbConfig, type DbConfig } from '../shared/db/db-config';

// Settings of the HTTP API (services/api). Base settings (Kafka, registry, database, log level) come
// from services/shared/config; these are the API's own. Units are in the names and in API_SETTINGS.

export const JWT_ALGORITHMS = ['HS256', 'RS256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export const API_SETTINGS: readonly SettingDoc[] = [
  { name: 'API_HOST', default: '127.0.0.1', unit: 'host or IP', description: 'Interface the API listens on.' },
  { name: 'API_PORT', default: '8080', unit: 'TCP port (0 = any free port)', description: 'Port the API listens on.' },
  {
    name: 'API_BODY_LIMIT_BYTES',
    default: '262144',
    unit: 'bytes',
    description: 'Largest request body accepted; bigger bodies get 413.',
  },
  {
    name: 'JWT_ALGORITHM',
    default: 'HS256',
    unit: JWT_ALGORITHMS.join(' | '),
    description: 'Signature algorithm of user JWTs (app-facing device and preference endpoints).',
  },
  {
    name: 'JWT_SECRET',
    default: null,
    unit: 'string, at least 32 bytes',
    description: 'HS256 shared secret. Without it (and without JWT_PUBLIC_KEY) user JWTs are refused.',
  },
  {
    name: 'JWT_PUBLIC_KEY',
    default: null,
    unit: 'PEM (SPKI)',
    description: 'RS256 public key that verifies user JWTs.',
  },
  { name: 'JWT_ISSUER', default: 'herald', unit: 'string', description: 'Required `iss` claim of user JWTs.' },
  { name: 'JWT_AUDIENCE', default: 'herald-api', unit: 'string', description: 'Required `aud` claim of user JWTs.' },
  {
    name: 'JWT_CLOCK_TOLERANCE_SECONDS',
    default: '30',
    unit: 'seconds',
    description: 'Clock skew allowed when checking `exp` and `nbf`.',
  },
  {
    name: 'DEVICE_REGISTRATION_RATE_MAX',
    default: '20',
    unit: 'requests per window',
    description: 'Device registrations allowed per user (per client IP when no user is known) in one window.',
  },
  {
    name: 'DEVICE_REGISTRATION_RATE_WINDOW_MS',
    default: '60000',
    unit: 'ms',
    description: 'Length of the device registration rate-limit window.',
  },
  {
    name: 'IDEMPOTENCY_KEY_TTL_HOURS',
    default: '24',
    unit: 'hours',
    description: 'How long an Idempotency-Key replays the same answer.',
  },
  {
    name: 'API_DEFAULT_TTL_SECONDS',
    default: '86400',
    unit: 'seconds',
    description: 'Time to live of a notification or broadcast that does not give ttl_seconds.',
  },
];

const apiEnvSchema = baseEnvSchema.extend(dbEnvSchema.shape).extend({
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: portNumber().default(8080),
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(262_144),
  JWT_ALGORITHM: z.enum(JWT_ALGORITHMS).default('HS256'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM SPKI public key' }).optional(),
  JWT_ISSUER: z.string().min(1).default('herald'),
  JWT_AUDIENCE: z.string().min(1).default('herald-api'),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  DEVICE_REGISTRATION_RATE_MAX: z.coerce.number().int().min(1).default(20),
  DEVICE_REGISTRATION_RATE_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  API_DEFAULT_TTL_SECONDS: z.coerce.number().int().min(0).max(2_419_200).default(86_400),
});

export interface JwtSettings {
  readonly algorithm: JwtAlgorithm;
  /** HS256 secret (UTF-8) or RS256 SPKI PEM; null disables user JWTs. */
  readonly key: string | null;
  readonly issuer: string;
  readonly audience: string;
  /** Allowed clock skew, seconds. */
  readonly clockToleranceSeconds: number;
}

export interface ApiConfig {
  readonly base: BaseConfig;
  readonly db: DbConfig;
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly jwt: JwtSettings;
  readonly deviceRegistrationRate: { readonly max: number; readonly windowMs: number };
  readonly idempotencyTtlMs: number;
  readonly defaultTtlSeconds: number;
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const e = parseEnv(apiEnvSchema, env);
  const key = e.JWT_ALGORITHM === 'HS256' ? (e.JWT_SECRET ?? null) : (e.JWT_PUBLIC_KEY ?? null);
  return Object.freeze({
    base: loadBaseConfig(env),
    db: loadDbConfig(env),
    host: e.API_HOST,
    port: e.API_PORT,
    bodyLimitBytes: e.API_BODY_LIMIT_BYTES,
    jwt: Object.freeze({
      algorithm: e.JWT_ALGORITHM,
      key,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_SECONDS,
    }),
    deviceRegistrationRate: Object.freeze({
      max: e.DEVICE_REGISTRATION_RATE_MAX,
      windowMs: e.DEVICE_REGISTRATION_RATE_WINDOW_MS,
    }),
    idempotencyTtlMs: e.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000,
    defaultTtlSeconds: e.API_DEFAULT_TTL_SECONDS,
  });
}

/** Every variable the API reads: the shared base settings and its own. */
export const ALL_API_SETTINGS: readonly SettingDoc[] = [
  ...BASE_SETTINGS,
  ...DB_SETTINGS.filter((d) => d.name !== 'DATABASE_URL'),
  ...API_SETTINGS,
];
export { apiEnvSchema };
