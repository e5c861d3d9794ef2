import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { commaList, LOG_LEVELS, parseEnv, portNumber, type Env, type LogLevel, type SettingDoc } from '../shared/config';

const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const positiveInt = () => z.coerce.number().int().positive();

export const fakesEnvSchema = z.object({
  FAKES_HOST: z.string().min(1).default('127.0.0.1'),
  FAKES_PUBLIC_HOST: z.string().min(1).optional(),
  FAKE_FCM_PORT: portNumber().default(4443),
  FAKE_APNS_PORT: portNumber().default(4444),
  FAKE_WEBPUSH_PORT: portNumber().default(4445),
  FAKES_TLS_DIR: z.string().min(1).default('.herald/tls'),
  FAKES_DEV_CREDENTIALS_DIR: z.string().min(1).default('.herald/dev-credentials'),
  FAKES_CAPTURE: bool.default(true),
  FAKES_CAPTURE_MAX_ENTRIES: positiveInt().default(100_000),
  FAKES_CAPTURE_MAX_PER_TOKEN: positiveInt().default(1_000),
  FAKES_WORKERS: z
    .union([z.literal('auto'), positiveInt()])
    .default(1)
    .transform((value) => (value === 'auto' ? availableParallelism() : value)),
  FAKES_SCRIPT_FILE: z.string().min(1).optional(),
  FAKE_FCM_ACCEPTED_TOKENS: commaList().optional(),
  FAKE_FCM_PROJECTS: commaList().optional(),
  FAKE_APNS_MAX_STREAMS: positiveInt().default(500),
  FAKE_APNS_TOKEN_REFRESH_MIN_S: z.coerce.number().int().min(0).default(1200),
  FAKE_WEBPUSH_REQUIRE_VAPID: bool.default(true),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export const FAKES_SETTINGS: readonly SettingDoc[] = [
  { name: 'FAKES_HOST', default: '127.0.0.1', unit: 'interface address', description: 'Where the fakes listen.' },
  { name: 'FAKES_PUBLIC_HOST', default: '', unit: 'host name', description: 'Host put in URLs and Web Push endpoints (default: FAKES_HOST, or 127.0.0.1 for a wildcard).' },
  { name: 'FAKE_FCM_PORT', default: '4443', unit: 'TCP port (0 = any free port)', description: 'FCM HTTP v1 fake.' },
  { name: 'FAKE_APNS_PORT', default: '4444', unit: 'TCP port (0 = any free port)', description: 'APNs fake.' },
  { name: 'FAKE_WEBPUSH_PORT', default: '4445', unit: 'TCP port (0 = any free port)', description: 'Web Push service fake.' },
  { name: 'FAKES_TLS_DIR', default: '.herald/tls', unit: 'directory', description: 'Local CA (ca.pem) and server certificate, created once with openssl.' },
  { name: 'FAKES_DEV_CREDENTIALS_DIR', default: '.herald/dev-credentials', unit: 'directory', description: 'Dev APNs key, VAPID keys and FCM token the fakes accept, created once.' },
  { name: 'FAKES_CAPTURE', default: 'true', unit: 'boolean', description: 'Keep full requests per token for inspection (counters are always kept).' },
  { name: 'FAKES_CAPTURE_MAX_ENTRIES', default: '100000', unit: 'requests', description: 'Most captured requests kept in total per process.' },
  { name: 'FAKES_CAPTURE_MAX_PER_TOKEN', default: '1000', unit: 'requests', description: 'Most captured requests kept per token.' },
  { name: 'FAKES_WORKERS', default: '1', unit: 'processes or "auto"', description: 'Worker processes sharing the ports (node cluster); auto = one per core.' },
  { name: 'FAKES_SCRIPT_FILE', default: '', unit: 'JSON file path', description: 'Auth config and control commands applied at start.' },
  { name: 'FAKE_FCM_ACCEPTED_TOKENS', default: '', unit: 'comma list', description: 'Extra OAuth2 access tokens the FCM fake accepts.' },
  { name: 'FAKE_FCM_PROJECTS', default: '', unit: 'comma list', description: 'Existing FCM project ids; others get 403 (default: any).' },
  { name: 'FAKE_APNS_MAX_STREAMS', default: '500', unit: 'streams', description: 'SETTINGS_MAX_CONCURRENT_STREAMS after the first authenticated push (1 before).' },
  { name: 'FAKE_APNS_TOKEN_REFRESH_MIN_S', default: '1200', unit: 's', description: 'Provider token changes faster than this on a connection get 429 TooManyProviderTokenUpdates.' },
  { name: 'FAKE_WEBPUSH_REQUIRE_VAPID', default: 'true', unit: 'boolean', description: 'Pushes without VAPID get 401.' },
  { name: 'LOG_LEVEL', default: 'info', unit: LOG_LEVELS.join(' | '), description: 'Minimum log level.' },
];

export interface FakesConfig {
  readonly host: string;
  readonly publicHost: string | undefined;
  readonly ports: { readonly fcm: number; readonly apns: number; readonly webpush: number };
  readonly tlsDir: string;
  readonly devCredentialsDir: string;
  readonly capture: boolean;
  readonly captureMaxEntries: number;
  readonly captureMaxPerToken: number;
  /** Worker processes (1 = no cluster). */
  readonly workers: number;
  readonly scriptFile: string | undefined;
  readonly fcmAcceptedTokens: readonly string[];
  readonly fcmProjects: readonly string[] | undefined;
  readonly apnsMaxStreams: number;
  /** Seconds. */
  readonly apnsTokenRefreshMinSeconds: number;
  readonly webpushRequireVapid: boolean;
  readonly logLevel: LogLevel;
}

export function loadFakesConfig(env: Env = process.env): FakesConfig {
  const e = parseEnv(fakesEnvSchema, env);
  return Object.freeze({
    host: e.FAKES_HOST,
    publicHost: e.FAKES_PUBLIC_HOST,
    ports: Object.freeze({ fcm: e.FAKE_FCM_PORT, apns: e.FAKE_APNS_PORT, webpush: e.FAKE_WEBPUSH_PORT }),
    tlsDir: e.FAKES_TLS_DIR,
    devCredentialsDir: e.FAKES_DEV_CREDENTIALS_DIR,
    capture: e.FAKES_CAPTURE,
    captureMaxEntries: e.FAKES_CAPTURE_MAX_ENTRIES,
    captureMaxPerToken: e.FAKES_CAPTURE_MAX_PER_TOKEN,
    workers: e.FAKES_WORKERS,
    scriptFile: e.FAKES_SCRIPT_FILE,
    fcmAcceptedTokens: Object.freeze([...(e.FAKE_FCM_ACCEPTED_TOKENS ?? [])]),
    fcmProjects: e.FAKE_FCM_PROJECTS ? Object.freeze([...e.FAKE_FCM_PROJECTS]) : undefined,
    apnsMaxStreams: e.FAKE_APNS_MAX_STREAMS,
    apnsTokenRefreshMinSeconds: e.FAKE_APNS_TOKEN_REFRESH_MIN_S,
    webpushRequireVapid: e.FAKE_WEBPUSH_REQUIRE_VAPID,
    logLevel: e.LOG_LEVEL,
  });
}
