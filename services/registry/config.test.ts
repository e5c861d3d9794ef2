import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, renderSettingsTable, settingsDocDrift } from '../shared/config';
import { REGISTRY_SETTINGS, loadRegistryConfig, registryEnvSchema } from './config';

describe('loadRegistryConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadRegistryConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8081,
      brokers: ['127.0.0.1:9092'],
      topic: '_schemas',
      replayTimeoutMs: 60_000,
      logLevel: 'info',
    });
  });

  it('reads every variable, splits the broker list and freezes the result', () => {
    const config = loadRegistryConfig({
      REGISTRY_HOST: '0.0.0.0',
      REGISTRY_PORT: '0',
      KAFKA_BROKERS: '10.0.0.1:9092, 10.0.0.2:9092',
      REGISTRY_TOPIC: 'herald._schemas',
      REGISTRY_REPLAY_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 0, topic: 'herald._schemas', replayTimeoutMs: 5000 });
    expect(config.brokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable', () => {
    let thrown: unknown;
    try {
      loadRegistryConfig({ REGISTRY_PORT: '70000', REGISTRY_TOPIC: 'bad topic', LOG_LEVEL: 'loud' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems.map((p) => p.name).sort()).toEqual(['LOG_LEVEL', 'REGISTRY_PORT', 'REGISTRY_TOPIC']);
  });

  it('documents exactly the variables it reads, and the README shows that table', () => {
    expect(settingsDocDrift(registryEnvSchema, REGISTRY_SETTINGS)).toEqual([]);
    const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    expect(readme).toContain(renderSettingsTable(REGISTRY_SETTINGS));
  });
});
