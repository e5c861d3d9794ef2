import { BASE_SETTINGS, ConfigError, settingsDocDrift } from '../config';
import { DB_SETTINGS, dbEnvSchema, loadDbConfig } from './db-config';

describe('loadDbConfig', () => {
  it('applies documented defaults', () => {
    expect(loadDbConfig({})).toEqual({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/herald',
      poolMax: 10,
      connectTimeoutMs: 10_000,
      idleTimeoutMs: 30_000,
      statementTimeoutMs: 0,
    });
  });

  it('reads the environment and freezes the result', () => {
    const config = loadDbConfig({ DATABASE_URL: 'postgresql://app@db:5432/prod', DB_POOL_MAX: '32', DB_STATEMENT_TIMEOUT_MS: '5000' });
    expect(config.databaseUrl).toBe('postgresql://app@db:5432/prod');
    expect(config.poolMax).toBe(32);
    expect(config.statementTimeoutMs).toBe(5000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => loadDbConfig({ DATABASE_URL: 'mysql://x', DB_POOL_MAX: '0' })).toThrow(ConfigError);
    try {
      loadDbConfig({ DATABASE_URL: 'mysql://x', DB_POOL_MAX: '0' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.name).sort()).toEqual(['DATABASE_URL', 'DB_POOL_MAX']);
    }
  });

  it('documents every setting it reads', () => {
    const docs = [...BASE_SETTINGS.filter((d) => d.name === 'DATABASE_URL'), ...DB_SETTINGS];
    expect(settingsDocDrift(dbEnvSchema, docs)).toEqual([]);
  });
});
