import { z } from 'zod';
import type { ApnsEnvironment, Provider } from '../shared/contracts/messages';
import { ConfigError, loadBaseConfig, parseEnv, type BaseConfig, type Env, type SettingDoc } from '../shared/config';
import type { FcmCredentialSource } from './fcm/settings';
import type { RetryPolicy } from './retry-policy';

// Settings of the sender stage (one process sends for one provider, or several: SENDER_PROVIDER).
// Pure: env in, frozen config out. Files named here (keys, CA) are read by the wiring, not here.

export const SENDER_SETTINGS: readonly SettingDoc[] = [
  { name: 'SENDER_PROVIDER', default: null, unit: 'fcm | apns | webpush | comma list | all', description: 'Providers this process sends for; each gets its own consumer groups and connection pools.' },
  { name: 'SENDER_GROUP_PREFIX', default: 'herald-sender', unit: 'string', description: 'Consumer groups are <prefix>-<provider>-priority, -bulk and -retry.' },
  { name: 'SENDER_MAX_ATTEMPTS', default: '8', unit: 'attempts', description: 'Send attempts per delivery, the first included; then FAILED and a dead letter.' },
  { name: 'SENDER_BACKOFF_BASE_MS', default: '1000', unit: 'ms', description: 'Backoff ceiling after the first failed attempt (doubles per attempt, full jitter).' },
  { name: 'SENDER_BACKOFF_MAX_MS', default: '300000', unit: 'ms', description: 'Largest computed backoff; a provider Retry-After may be longer.' },
  { name: 'SENDER_PRIORITY_IN_FLIGHT', default: '2000', unit: 'requests', description: 'Concurrent sends from the priority lane and retries, per provider.' },
  { name: 'SENDER_BULK_IN_FLIGHT', default: '1000', unit: 'requests', description: 'Most concurrent sends from the bulk lane, per provider (queued behind priority ones for streams).' },
  { name: 'SENDER_BULK_MIN_IN_FLIGHT', default: '32', unit: 'requests', description: 'Fewest concurrent bulk sends: between the two the limit follows answer latency, so a broadcast does not queue at the provider ahead of transactional pushes. Equal to SENDER_BULK_IN_FLIGHT: a fixed limit.' },
  { name: 'SENDER_BATCH_RECORDS', default: '500', unit: 'records', description: 'Deliveries per handler call (sent concurrently, receipts published together).' },
  { name: 'SENDER_PARTITIONS_CONCURRENTLY', default: '4', unit: 'partitions', description: 'Partitions each consumer handles in parallel.' },
  { name: 'SENDER_CONNECTIONS_PER_ORIGIN', default: '2', unit: 'connections', description: 'HTTP/2 connections kept per provider origin (FCM, APNs).' },
  { name: 'SENDER_MAX_STREAMS_PER_CONNECTION', default: '1000', unit: 'streams', description: "Own bound on concurrent streams per connection, below the server's SETTINGS_MAX_CONCURRENT_STREAMS." },
  { name: 'SENDER_REQUEST_TIMEOUT_MS', default: '15000', unit: 'ms', description: 'One provider request, queueing for a stream included; then retried.' },
  { name: 'SENDER_CONNECT_TIMEOUT_MS', default: '10000', unit: 'ms', description: 'TLS + HTTP/2 handshake deadline.' },
  { name: 'SENDER_PING_INTERVAL_MS', default: '60000', unit: 'ms', description: 'PING on open connections this often; an unanswered PING replaces the connection.' },
  { name: 'SENDER_CA_FILE', default: '', unit: 'path (PEM)', description: 'Extra CA to trust besides the system roots (the local fakes\' CA).' },
  { name: 'SENDER_DRAIN_TIMEOUT_MS', default: '20000', unit: 'ms', description: 'On SIGTERM, how long in-flight requests may take before connections close.' },
  { name: 'FCM_BASE_URL', default: 'https://fcm.googleapis.com', unit: 'URL', description: 'FCM HTTP v1 API origin.' },
  { name: 'FCM_PROJECT_ID', default: null, unit: 'string', description: 'Firebase project id (required for fcm).' },
  { name: 'FCM_CREDENTIALS_FILE', default: '', unit: 'path (JSON)', description: 'Service-account key file; without it and FCM_ACCESS_TOKEN, application default credentials.' },
  { name: 'FCM_ACCESS_TOKEN', default: '', unit: 'string', description: 'Fixed OAuth2 access token instead of credentials (local fakes).' },
  { name: 'FCM_TTL_REWRITE_AFTER_MS', default: '5000', unit: 'ms', description: 'Sends later than this after the event get android.ttl / webpush TTL set to the time left.' },
  { name: 'APNS_PRODUCTION_URL', default: 'https://api.push.apple.com', unit: 'URL', description: 'APNs production origin.' },
  { name: 'APNS_SANDBOX_URL', default: 'https://api.sandbox.push.apple.com', unit: 'URL', description: 'APNs sandbox (development) origin.' },
  { name: 'APNS_DEFAULT_ENVIRONMENT', default: 'PRODUCTION', unit: 'PRODUCTION | SANDBOX', description: 'Environment for deliveries without apns_environment.' },
  { name: 'APNS_KEY_FILE', default: null, unit: 'path (.p8 PEM)', description: 'Token-auth signing key (required for apns).' },
  { name: 'APNS_KEY_ID', default: null, unit: '10 characters', description: 'Key ID of APNS_KEY_FILE (required for apns).' },
  { name: 'APNS_TEAM_ID', default: null, unit: '10 characters', description: 'Apple developer Team ID (required for apns).' },
  { name: 'APNS_TOPIC', default: null, unit: 'bundle id', description: 'apns-topic (required for apns).' },
  { name: 'APNS_JWT_REUSE_MS', default: '3000000', unit: 'ms', description: "Provider JWT age at which it is replaced; clamped to Apple's 20–55 min." },
  { name: 'VAPID_PUBLIC_KEY', default: null, unit: 'base64url P-256 point', description: 'VAPID public key (required for webpush).' },
  { name: 'VAPID_PRIVATE_KEY', default: null, unit: 'base64url 32 bytes', description: 'VAPID private key (required for webpush).' },
  { name: 'VAPID_SUBJECT', default: null, unit: 'mailto: or https: URL', description: 'VAPID contact (required for webpush).' },
  { name: 'WEBPUSH_MAX_SESSIONS', default: '32', unit: 'sessions', description: 'HTTP/2 connections per push service origin that speaks h2.' },
  { name: 'WEBPUSH_HTTP1_MAX_SOCKETS', default: '64', unit: 'sockets', description: 'Keep-alive sockets per push service that only speaks HTTP/1.1.' },
];

const count = (max: number) => z.coerce.number().int().min(1).max(max);
const ms = () => z.coerce.number().int().min(0);
const optional = z.string().optional();

export const senderEnvSchema = z.object({
  SENDER_PROVIDER: z.string().min(1, 'name fcm, apns, webpush, a comma list or all'),
  SENDER_GROUP_PREFIX: z.string().min(1).default('herald-sender'),
  SENDER_MAX_ATTEMPTS: count(100).default(8),
  SENDER_BACKOFF_BASE_MS: ms().min(1).default(1000),
  SENDER_BACKOFF_MAX_MS: ms().min(1).default(300_000),
  SENDER_PRIORITY_IN_FLIGHT: count(100_000).default(2000),
  SENDER_BULK_IN_FLIGHT: count(100_000).default(1000),
  SENDER_BULK_MIN_IN_FLIGHT: count(100_000).default(32),
  SENDER_BATCH_RECORDS: count(50_000).default(500),
  SENDER_PARTITIONS_CONCURRENTLY: count(256).default(4),
  SENDER_CONNECTIONS_PER_ORIGIN: count(64).default(2),
  SENDER_MAX_STREAMS_PER_CONNECTION: count(100_000).default(1000),
  SENDER_REQUEST_TIMEOUT_MS: ms().min(100).default(15_000),
  SENDER_CONNECT_TIMEOUT_MS: ms().min(100).default(10_000),
  SENDER_PING_INTERVAL_MS: ms().min(1000).default(60_000),
  SENDER_CA_FILE: optional,
  SENDER_DRAIN_TIMEOUT_MS: ms().default(20_000),
  FCM_BASE_URL: z.url().default('https://fcm.googleapis.com'),
  FCM_PROJECT_ID: optional,
  FCM_CREDENTIALS_FILE: optional,
  FCM_ACCESS_TOKEN: optional,
  FCM_TTL_REWRITE_AFTER_MS: ms().default(5000),
  APNS_PRODUCTION_URL: z.url().default('https://api.push.apple.com'),
  APNS_SANDBOX_URL: z.url().default('https://api.sandbox.push.apple.com'),
  APNS_DEFAULT_ENVIRONMENT: z.enum(['PRODUCTION', 'SANDBOX']).default('PRODUCTION'),
  APNS_KEY_FILE: optional,
  APNS_KEY_ID: optional,
  APNS_TEAM_ID: optional,
  APNS_TOPIC: optional,
  APNS_JWT_REUSE_MS: ms().default(3_000_000),
  VAPID_PUBLIC_KEY: optional,
  VAPID_PRIVATE_KEY: optional,
  VAPID_SUBJECT: optional,
  WEBPUSH_MAX_SESSIONS: count(10_000).default(32),
  WEBPUSH_HTTP1_MAX_SOCKETS: count(10_000).default(64),
});

export interface SenderConfig {
  readonly base: BaseConfig;
  readonly providers: readonly Provider[];
  readonly groupPrefix: string;
  readonly retry: RetryPolicy;
  readonly priorityInFlight: number;
  readonly bulkInFlight: number;
  readonly bulkMinInFlight: number;
  readonly batchRecords: number;
  readonly partitionsConcurrently: number;
  readonly drainTimeoutMs: number;
  readonly transport: {
    readonly connectionsPerOrigin: number;
    readonly maxStreamsPerConnection: number;
    readonly requestTimeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly pingIntervalMs: number;
    readonly caFile: string | null;
  };
  readonly fcm: {
    readonly baseUrl: string;
    readonly projectId: string;
    readonly credentials: FcmCredentialSource;
    readonly ttlRewriteAfterMs: number;
  } | null;
  readonly apns: {
    readonly baseUrls: Readonly<Record<ApnsEnvironment, string>>;
    readonly defaultEnvironment: ApnsEnvironment;
    readonly keyFile: string;
    readonly keyId: string;
    readonly teamId: string;
    readonly topic: string;
    readonly jwtReuseMs: number;
  } | null;
  readonly webpush: {
    readonly vapid: { readonly publicKey: string; readonly privateKey: string; readonly subject: string };
    readonly maxSessions: number;
    readonly http1MaxSocketsPerOrigin: number;
  } | null;
}

const ALL: readonly Provider[] = ['FCM', 'APNS', 'WEBPUSH'];

function parseProviders(raw: string, problems: { name: string; problem: string }[]): Provider[] {
  const names = raw.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0);
  if (names.includes('all')) return [...ALL];
  const providers: Provider[] = [];
  for (const name of names) {
    const provider = ALL.find((p) => p.toLowerCase() === name);
    if (provider === undefined) problems.push({ name: 'SENDER_PROVIDER', problem: `unknown provider "${name}"` });
    else if (!providers.includes(provider)) providers.push(provider);
  }
  if (providers.length === 0 && problems.length === 0) problems.push({ name: 'SENDER_PROVIDER', problem: 'names no provider' });
  return providers;
}

export function loadSenderConfig(env: Env = process.env): SenderConfig {
  const base = loadBaseConfig(env);
  const e = parseEnv(senderEnvSchema, env);
  const problems: { name: string; problem: string }[] = [];
  const providers = parseProviders(e.SENDER_PROVIDER, problems);
  const required = (name: keyof typeof e, value: string | undefined): string => {
    if (value === undefined) problems.push({ name, problem: 'required for this provider' });
    return value ?? '';
  };
  const fcm = providers.includes('FCM')
    ? {
        baseUrl: e.FCM_BASE_URL,
        projectId: required('FCM_PROJECT_ID', e.FCM_PROJECT_ID),
        credentials: fcmCredentials(e.FCM_ACCESS_TOKEN, e.FCM_CREDENTIALS_FILE),
        ttlRewriteAfterMs: e.FCM_TTL_REWRITE_AFTER_MS,
      }
    : null;
  const apns = providers.includes('APNS')
    ? {
        baseUrls: { PRODUCTION: e.APNS_PRODUCTION_URL, SANDBOX: e.APNS_SANDBOX_URL },
        defaultEnvironment: e.APNS_DEFAULT_ENVIRONMENT,
        keyFile: required('APNS_KEY_FILE', e.APNS_KEY_FILE),
        keyId: required('APNS_KEY_ID', e.APNS_KEY_ID),
        teamId: required('APNS_TEAM_ID', e.APNS_TEAM_ID),
        topic: required('APNS_TOPIC', e.APNS_TOPIC),
        jwtReuseMs: e.APNS_JWT_REUSE_MS,
      }
    : null;
  const webpush = providers.includes('WEBPUSH')
    ? {
        vapid: {
          publicKey: required('VAPID_PUBLIC_KEY', e.VAPID_PUBLIC_KEY),
          privateKey: required('VAPID_PRIVATE_KEY', e.VAPID_PRIVATE_KEY),
          subject: required('VAPID_SUBJECT', e.VAPID_SUBJECT),
        },
        maxSessions: e.WEBPUSH_MAX_SESSIONS,
        http1MaxSocketsPerOrigin: e.WEBPUSH_HTTP1_MAX_SOCKETS,
      }
    : null;
  if (e.SENDER_BULK_MIN_IN_FLIGHT > e.SENDER_BULK_IN_FLIGHT) {
    problems.push({ name: 'SENDER_BULK_MIN_IN_FLIGHT', problem: 'must be at most SENDER_BULK_IN_FLIGHT' });
  }
  if (e.SENDER_BACKOFF_MAX_MS < e.SENDER_BACKOFF_BASE_MS) {
    problems.push({ name: 'SENDER_BACKOFF_MAX_MS', problem: 'must be at least SENDER_BACKOFF_BASE_MS' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    base,
    providers: Object.freeze(providers),
    groupPrefix: e.SENDER_GROUP_PREFIX,
    retry: { maxAttempts: e.SENDER_MAX_ATTEMPTS, baseDelayMs: e.SENDER_BACKOFF_BASE_MS, maxDelayMs: e.SENDER_BACKOFF_MAX_MS },
    priorityInFlight: e.SENDER_PRIORITY_IN_FLIGHT,
    bulkInFlight: e.SENDER_BULK_IN_FLIGHT,
    bulkMinInFlight: e.SENDER_BULK_MIN_IN_FLIGHT,
    batchRecords: e.SENDER_BATCH_RECORDS,
    partitionsConcurrently: e.SENDER_PARTITIONS_CONCURRENTLY,
    drainTimeoutMs: e.SENDER_DRAIN_TIMEOUT_MS,
    transport: {
      connectionsPerOrigin: e.SENDER_CONNECTIONS_PER_ORIGIN,
      maxStreamsPerConnection: e.SENDER_MAX_STREAMS_PER_CONNECTION,
      requestTimeoutMs: e.SENDER_REQUEST_TIMEOUT_MS,
      connectTimeoutMs: e.SENDER_CONNECT_TIMEOUT_MS,
      pingIntervalMs: e.SENDER_PING_INTERVAL_MS,
      caFile: e.SENDER_CA_FILE ?? null,
    },
    fcm,
    apns,
    webpush,
  });
}

function fcmCredentials(accessToken: string | undefined, file: string | undefined): FcmCredentialSource {
  if (accessToken !== undefined) return { kind: 'static_token', token: accessToken };
  if (file !== undefined) return { kind: 'service_account_file', path: file };
  return { kind: 'application_default' };
}
