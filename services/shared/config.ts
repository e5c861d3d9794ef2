import { z } from 'zod';

// Base settings every Herald process reads, plus the helpers stages use to declare their own:
// `parseEnv` (validate an env object against a zod schema, one error naming every bad variable) and
// `SettingDoc` tables (name, default, unit) from which the README settings tables are rendered and checked.

export type Env = Readonly<Record<string, string | undefined>>;

export interface SettingDoc {
  /** Environment variable name. */
  readonly name: string;
  /** Default as it would be written in the environment; null when the setting is required. */
  readonly default: string | null;
  /** Unit or format of the value (e.g. "ms", "bytes", "URL", "host:port list"). */
  readonly unit: string;
  readonly description: string;
}

export class ConfigError extends Error {
  /** One entry per bad variable: its name and what is wrong with it. */
  readonly problems: readonly { readonly name: string; readonly problem: string }[];

  constructor(problems: readonly { readonly name: string; readonly problem: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.name}: ${p.problem}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates `env` against a zod object schema whose keys are variable names. Empty strings count as
 * unset, so defaults apply (compose files often write `VAR=`). Throws one ConfigError listing every
 * bad variable by name. The result is frozen.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: Env,
): Readonly<z.output<z.ZodObject<Shape>>> {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    input[name] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const byName = new Map<string, string[]>();
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      byName.set(name, [...(byName.get(name) ?? []), issue.message]);
    }
    throw new ConfigError([...byName].map(([name, messages]) => ({ name, problem: messages.join(', ') })));
  }
  return Object.freeze(result.data);
}

/** Names in `schema` that have no entry in `docs`, and doc entries that match no variable. */
export function settingsDocDrift(schema: z.ZodObject<z.ZodRawShape>, docs: readonly SettingDoc[]): string[] {
  const declared = new Set(Object.keys(schema.shape));
  const documented = new Set(docs.map((d) => d.name));
  return [
    ...[...declared].filter((n) => !documented.has(n)).map((n) => `undocumented: ${n}`),
    ...[...documented].filter((n) => !declared.has(n)).map((n) => `documented but not read: ${n}`),
  ];
}

/** A Markdown table of settings, for READMEs (generated, and checked in tests against the schema). */
export function renderSettingsTable(docs: readonly SettingDoc[]): string {
  const rows = docs.map(
    (d) => `| \`${d.name}\` | ${d.default === null ? '(required)' : `\`${d.default}\``} | ${d.unit} | ${d.description} |`,
  );
  return ['| variable | default | unit | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** Comma-separated list → trimmed, non-empty items. */
export const commaList = (itemSchema: z.ZodString = z.string()) =>
  z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(z.array(itemSchema).min(1, 'must list at least one item'));

/** A TCP port; 0 means "any free port" (tests). */
export const portNumber = () => z.coerce.number().int().min(0).max(65535);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const hostPort = z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'each broker must be host:port');

export const BASE_SETTINGS: readonly SettingDoc[] = [
  {
    name: 'KAFKA_BROKERS',
    default: '127.0.0.1:9092',
    unit: 'host:port list, comma-separated',
    description: 'Bootstrap brokers of the Kafka cluster.',
  },
  {
    name: 'SCHEMA_REGISTRY_URL',
    default: 'http://127.0.0.1:8081',
    unit: 'URL',
    description: 'Confluent-compatible schema registry.',
  },
  {
    name: 'DATABASE_URL',
    default: 'postgres://postgres@127.0.0.1:5432/herald',
    unit: 'PostgreSQL connection URL',
    description: 'PostgreSQL database holding devices, preferences, receipts and dead letters.',
  },
  {
    name: 'HERALD_TOPIC_PREFIX',
    default: 'herald.',
    unit: 'string',
    description: 'Prefix of every topic Herald owns (lets several deployments share a cluster).',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    unit: LOG_LEVELS.join(' | '),
    description: 'Minimum level of the JSON logs written to stdout.',
  },
  {
    name: 'KAFKA_CLIENT_ID',
    default: 'herald',
    unit: 'string',
    description: 'Kafka client id (shows up in broker logs and quotas).',
  },
  {
    name: 'OPS_PORT',
    default: '9464',
    unit: 'TCP port (0 = any free port)',
    description: 'Port of the ops HTTP server: /metrics, /healthz, /readyz.',
  },
];

export const baseEnvSchema = z.object({
  KAFKA_BROKERS: commaList(hostPort).default(['127.0.0.1:9092']),
  SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:8081'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/herald'),
  HERALD_TOPIC_PREFIX: z.string().default('herald.'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  KAFKA_CLIENT_ID: z.string().min(1).default('herald'),
  OPS_PORT: portNumber().default(9464),
});

export interface BaseConfig {
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  readonly databaseUrl: string;
  readonly topicPrefix: string;
  readonly logLevel: LogLevel;
  readonly clientId: string;
  /** TCP port of the ops server; 0 = any free port. */
  readonly opsPort: number;
}

export function loadBaseConfig(env: Env = process.env): BaseConfig {
  const parsed = parseEnv(baseEnvSchema, env);
  return Object.freeze({
    kafkaBrokers: Object.freeze([...parsed.KAFKA_BROKERS]),
    schemaRegistryUrl: parsed.SCHEMA_REGISTRY_URL,
    databaseUrl: parsed.DATABASE_URL,
    topicPrefix: parsed.HERALD_TOPIC_PREFIX,
    logLevel: parsed.LOG_LEVEL,
    clientId: parsed.KAFKA_CLIENT_ID,
    opsPort: parsed.OPS_PORT,
  });
}
