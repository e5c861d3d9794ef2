import { hostname } from 'node:os';
import { z } from 'zod';
import { BASE_SETTINGS, baseEnvSchema, loadBaseConfig, parseEnv, type BaseConfig, type Env, type SettingDoc } from '../shared/config';
import { DB_SETTINGS, dbEnvSchema, loadDbConfig, type DbConfig } from '../shared/db/db-config';

// Settings of the targeting stage. Base settings (Kafka, registry, database, topic prefix, log level,
// ops port) and pool tuning come from services/shared; these are targeting's own.

export const TARGETING_SETTINGS: readonly SettingDoc[] = [
  {
    name: 'TARGETING_RULES_FILE',
    default: 'config/rules.yaml',
    unit: 'file path (relative: to the working directory, else the project root)',
    description: 'Declarative rules mapping upstream domain events to notifications.',
  },
  {
    name: 'TARGETING_TEMPLATES_DIR',
    default: 'config/templates',
    unit: 'directory path (relative: as above)',
    description: 'Notification templates, one <id>.yaml per template, with locales.',
  },
  {
    name: 'TARGETING_UPSTREAM_TOPIC_PREFIX',
    default: '',
    unit: 'string',
    description: 'Prefix added to the upstream topics named in the rules ("" in deployments; tests randomise it).',
  },
  {
    name: 'TARGETING_GROUP_ID',
    default: 'herald-targeting',
    unit: 'Kafka group id prefix',
    description: 'Consumer groups are <prefix>-requests, <prefix>-events and <prefix>-broadcasts.',
  },
  {
    name: 'TARGETING_MAX_BATCH_RECORDS',
    default: '500',
    unit: 'messages',
    description: 'Most input messages handled in one handler call (one dedup, device and preference query each).',
  },
  {
    name: 'TARGETING_PARTITIONS_CONCURRENTLY',
    default: '3',
    unit: 'partitions',
    description: 'Input partitions one instance handles in parallel, per consumer group.',
  },
  {
    name: 'TARGETING_BROADCAST_WORKERS',
    default: '1',
    unit: 'workers',
    description: 'Broadcasts one instance streams at the same time (each holds one lease).',
  },
  {
    name: 'TARGETING_BROADCAST_PAGE_SIZE',
    default: '1000',
    unit: 'devices',
    description: 'Devices read per segment query; bounds a worker memory whatever the audience size.',
  },
  {
    name: 'TARGETING_BROADCAST_LEASE_MS',
    default: '30000',
    unit: 'ms',
    description: 'A broadcast lease lasts this long without a checkpoint; after a crash another worker resumes once it expired.',
  },
  {
    name: 'TARGETING_BROADCAST_IDLE_POLL_MS',
    default: '2000',
    unit: 'ms',
    description: 'Pause between looks for runnable broadcasts when there is none (a trigger on this instance wakes it at once).',
  },
  {
    name: 'TARGETING_BROADCAST_DEFAULT_RATE',
    default: '5000',
    unit: 'deliveries per second',
    description: 'Throttle of a broadcast whose trigger sets no throttle_per_second.',
  },
  {
    name: 'TARGETING_INSTANCE_ID',
    default: '<hostname>-<pid>',
    unit: 'string',
    description: 'Name of this instance as a broadcast lease owner (the pod name on Kubernetes).',
  },
  {
    name: 'TARGETING_SHUTDOWN_TIMEOUT_MS',
    default: '25000',
    unit: 'ms',
    description: 'On SIGTERM, how long draining may take before the process exits anyway.',
  },
  {
    name: 'TARGETING_DEDUP_RETENTION_HOURS',
    default: '168',
    unit: 'hours',
    description: 'Emitted (event, user) dedup rows older than this are deleted; an event re-published later notifies again. Keep it at least the requests topic retention (7 days).',
  },
  {
    name: 'TARGETING_DEDUP_EXPIRY_INTERVAL_MS',
    default: '3600000',
    unit: 'ms',
    description: 'How often expired dedup rows are deleted.',
  },
];

export const targetingEnvSchema = baseEnvSchema.extend(dbEnvSchema.shape).extend({
  TARGETING_RULES_FILE: z.string().min(1).default('config/rules.yaml'),
  TARGETING_TEMPLATES_DIR: z.string().min(1).default('config/templates'),
  TARGETING_UPSTREAM_TOPIC_PREFIX: z.string().default(''),
  TARGETING_GROUP_ID: z.string().min(1).default('herald-targeting'),
  TARGETING_MAX_BATCH_RECORDS: z.coerce.number().int().min(1).max(10_000).default(500),
  TARGETING_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(3),
  TARGETING_BROADCAST_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  TARGETING_BROADCAST_PAGE_SIZE: z.coerce.number().int().min(1).max(50_000).default(1000),
  TARGETING_BROADCAST_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  TARGETING_BROADCAST_IDLE_POLL_MS: z.coerce.number().int().min(10).default(2000),
  TARGETING_BROADCAST_DEFAULT_RATE: z.coerce.number().int().min(1).default(5000),
  TARGETING_INSTANCE_ID: z.string().min(1).optional(),
  TARGETING_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(25_000),
  TARGETING_DEDUP_RETENTION_HOURS: z.coerce.number().int().min(1).default(168),
  TARGETING_DEDUP_EXPIRY_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
});

/** Every setting targeting reads, with defaults and units (rendered into docs, checked against the schema). */
export const ALL_TARGETING_SETTINGS: readonly SettingDoc[] = [...BASE_SETTINGS, ...DB_SETTINGS, ...TARGETING_SETTINGS];

export interface TargetingConfig {
  readonly base: BaseConfig;
  readonly db: DbConfig;
  readonly rulesFile: string;
  readonly templatesDir: string;
  readonly upstreamTopicPrefix: string;
  readonly groupIdPrefix: string;
  /** Messages per handler call. */
  readonly maxBatchRecords: number;
  readonly partitionsConcurrently: number;
  readonly broadcast: {
    readonly workers: number;
    /** Devices per segment query. */
    readonly pageSize: number;
    readonly leaseMs: number;
    readonly idlePollMs: number;
    /** Deliveries per second. */
    readonly defaultRatePerSecond: number;
  };
  readonly instanceId: string;
  readonly shutdownTimeoutMs: number;
  readonly dedupRetentionHours: number;
  readonly dedupExpiryIntervalMs: number;
}

export function loadTargetingConfig(env: Env = process.env): TargetingConfig {
  const parsed = parseEnv(targetingEnvSchema, env);
  return Object.freeze({
    base: loadBaseConfig(env),
    db: loadDbConfig(env),
    rulesFile: parsed.TARGETING_RULES_FILE,
    templatesDir: parsed.TARGETING_TEMPLATES_DIR,
    upstreamTopicPrefix: parsed.TARGETING_UPSTREAM_TOPIC_PREFIX,
    groupIdPrefix: parsed.TARGETING_GROUP_ID,
    maxBatchRecords: parsed.TARGETING_MAX_BATCH_RECORDS,
    partitionsConcurrently: parsed.TARGETING_PARTITIONS_CONCURRENTLY,
    broadcast: Object.freeze({
      workers: parsed.TARGETING_BROADCAST_WORKERS,
      pageSize: parsed.TARGETING_BROADCAST_PAGE_SIZE,
      leaseMs: parsed.TARGETING_BROADCAST_LEASE_MS,
      idlePollMs: parsed.TARGETING_BROADCAST_IDLE_POLL_MS,
      defaultRatePerSecond: parsed.TARGETING_BROADCAST_DEFAULT_RATE,
    }),
    instanceId: parsed.TARGETING_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    dedupRetentionHours: parsed.TARGETING_DEDUP_RETENTION_HOURS,
    dedupExpiryIntervalMs: parsed.TARGETING_DEDUP_EXPIRY_INTERVAL_MS,
    shutdownTimeoutMs: parsed.TARGETING_SHUTDOWN_TIMEOUT_MS,
  });
}
