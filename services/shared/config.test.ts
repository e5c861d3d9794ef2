import { z } from 'zod';
import {
  BASE_SETTINGS,
  ConfigError,
  baseEnvSchema,
  loadBaseConfig,
  parseEnv,
  portNumber,
  renderSettingsTable,
  settingsDocDrift,
} from './config';

describe('loadBaseConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadBaseConfig({});
    expect(config).toEqual({
      kafkaBrokers: ['127.0.0.1:9092'],
      schemaRegistryUrl: 'http://127.0.0.1:8081',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/herald',
      topicPrefix: 'herald.',
      logLevel: 'info',
      clientId: 'herald',
      opsPort: 9464,
    });
  });

  it('reads every variable and splits the broker list', () => {
    const config = loadBaseConfig({
      KAFKA_BROKERS: ' 10.0.0.1:9092, 10.0.0.2:9092 ,',
      SCHEMA_REGISTRY_URL: 'http://registry:28081',
      DATABASE_URL: 'postgresql://u@db/x',
      HERALD_TOPIC_PREFIX: 'staging.',
      LOG_LEVEL: 'debug',
      KAFKA_CLIENT_ID: 'herald-sender',
      OPS_PORT: '0',
    });
    expect(config.kafkaBrokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.topicPrefix).toBe('staging.');
    expect(config.opsPort).toBe(0);
    expect(config.logLevel).toBe('debug');
  });

  it('is frozen', () => {
    const config = loadBaseConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kafkaBrokers)).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadBaseConfig({ KAFKA_BROKERS: '', LOG_LEVEL: '' }).kafkaBrokers).toEqual(['127.0.0.1:9092']);
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadBaseConfig({ KAFKA_BROKERS: 'no-port', LOG_LEVEL: 'loud', OPS_PORT: '70000', SCHEMA_REGISTRY_URL: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems.map((p) => p.name).sort()).toEqual(
      ['KAFKA_BROKERS', 'LOG_LEVEL', 'OPS_PORT', 'SCHEMA_REGISTRY_URL'].sort(),
    );
    expect(error.message).toContain('KAFKA_BROKERS');
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message).toContain('OPS_PORT');
  });
});

describe('parseEnv for stage settings', () => {
  const stageSchema = z.object({
    SENDER_CONCURRENCY: z.coerce.number().int().positive().default(64),
    SENDER_PORT: portNumber(),
  });

  it('reads only the declared variables and freezes the result', () => {
    const parsed = parseEnv(stageSchema, { SENDER_PORT: '8443', UNRELATED: 'x' });
    expect(parsed).toEqual({ SENDER_CONCURRENCY: 64, SENDER_PORT: 8443 });
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it('reports a missing required variable by name', () => {
    expect(() => parseEnv(stageSchema, { SENDER_CONCURRENCY: '-1' })).toThrow(/SENDER_CONCURRENCY.*SENDER_PORT|SENDER_PORT.*SENDER_CONCURRENCY/);
  });
});

describe('settings documentation', () => {
  it('documents every base variable, and only those', () => {
    expect(settingsDocDrift(baseEnvSchema, BASE_SETTINGS)).toEqual([]);
  });

  it('documents the defaults the schema applies', () => {
    const defaults = parseEnv(baseEnvSchema, {});
    for (const doc of BASE_SETTINGS) {
      expect(doc.default).not.toBeNull();
      const fromDoc = parseEnv(baseEnvSchema, { [doc.name]: doc.default ?? undefined });
      expect(fromDoc).toEqual(defaults);
    }
  });

  it('renders a Markdown table with one row per setting', () => {
    const table = renderSettingsTable(BASE_SETTINGS);
    expect(table.split('\n')).toHaveLength(BASE_SETTINGS.length + 2);
    expect(table).toContain('| `KAFKA_BROKERS` | `127.0.0.1:9092` |');
  });

  it('reports drift between a schema and its docs', () => {
    const drift = settingsDocDrift(z.object({ A: z.string(), B: z.string() }), [
      { name: 'A', default: null, unit: 'string', description: '' },
      { name: 'C', default: null, unit: 'string', description: '' },
    ]);
    expect(drift).toEqual(['undocumented: B', 'documented but not read: C']);
  });
});
