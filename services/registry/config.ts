import { z } from 'zod';
import { LOG_LEVELS, commaList, parseEnv, portNumber, type Env, type LogLevel, type SettingDoc } from '../shared/config';

// Settings of Herald's local schema registry (README.md renders this table; a test checks they agree).

export const REGISTRY_SETTINGS: readonly SettingDoc[] = [
  { name: 'REGISTRY_HOST', default: '127.0.0.1', unit: 'host or IP', description: 'Address the HTTP API listens on.' },
  { name: 'REGISTRY_PORT', default: '8081', unit: 'TCP port (0 = any free port)', description: 'Port of the HTTP API.' },
  {
    name: 'KAFKA_BROKERS',
    default: '127.0.0.1:9092',
    unit: 'host:port list, comma-separated',
    description: 'Bootstrap brokers of the Kafka cluster holding the schema topic.',
  },
  {
    name: 'REGISTRY_TOPIC',
    default: '_schemas',
    unit: 'topic name',
    description: 'Compacted, single-partition topic the schemas and settings are kept in (created if missing).',
  },
  {
    name: 'REGISTRY_REPLAY_TIMEOUT_MS',
    default: '60000',
    unit: 'ms',
    description: 'How long start-up may take to read the schema topic to its end before giving up.',
  },
  { name: 'LOG_LEVEL', default: 'info', unit: LOG_LEVELS.join(', '), description: 'Minimum level of the JSON logs.' },
];

export const registryEnvSchema = z.object({
  REGISTRY_HOST: z.string().min(1).default('127.0.0.1'),
  REGISTRY_PORT: portNumber().default(8081),
  KAFKA_BROKERS: commaList(z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'each broker must be host:port')).default([
    '127.0.0.1:9092',
  ]),
  REGISTRY_TOPIC: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a valid Kafka topic name').default('_schemas'),
  REGISTRY_REPLAY_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface RegistryConfig {
  readonly host: string;
  /** TCP port; 0 = any free port. */
  readonly port: number;
  readonly brokers: readonly string[];
  readonly topic: string;
  /** Start-up budget for reading the schema topic, in milliseconds. */
  readonly replayTimeoutMs: number;
  readonly logLevel: LogLevel;
}

export function loadRegistryConfig(env: Env = process.env): RegistryConfig {
  const parsed = parseEnv(registryEnvSchema, env);
  return Object.freeze({
    host: parsed.REGISTRY_HOST,
    port: parsed.REGISTRY_PORT,
    brokers: Object.freeze([...parsed.KAFKA_BROKERS]),
    topic: parsed.REGISTRY_TOPIC,
    replayTimeoutMs: parsed.REGISTRY_REPLAY_TIMEOUT_MS,
    logLevel: parsed.LOG_LEVEL,
  });
}
