import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderSettingsTable, settingsDocDrift } from '../shared/config';
import { ALL_TARGETING_SETTINGS, loadTargetingConfig, TARGETING_SETTINGS, targetingEnvSchema } from './config';

describe('targeting config', () => {
  it('has defaults for everything', () => {
    const config = loadTargetingConfig({});
    expect(config).toMatchObject({
      rulesFile: 'config/rules.yaml',
      templatesDir: 'config/templates',
      upstreamTopicPrefix: '',
      groupIdPrefix: 'herald-targeting',
      maxBatchRecords: 500,
      broadcast: { workers: 1, pageSize: 1000, leaseMs: 30_000, idlePollMs: 2000, defaultRatePerSecond: 5000 },
    });
    expect(config.instanceId).toMatch(/-\d+$/);
    expect(Object.isFrozen(config)).toBe(true);
  });
  it('reads the environment and names bad variables', () => {
    expect(loadTargetingConfig({ TARGETING_BROADCAST_PAGE_SIZE: '50', TARGETING_INSTANCE_ID: 'pod-1' })).toMatchObject({
      broadcast: { pageSize: 50 },
      instanceId: 'pod-1',
    });
    expect(() => loadTargetingConfig({ TARGETING_BROADCAST_LEASE_MS: '10', TARGETING_MAX_BATCH_RECORDS: 'x' })).toThrow(
      /TARGETING_BROADCAST_LEASE_MS.*TARGETING_MAX_BATCH_RECORDS|TARGETING_MAX_BATCH_RECORDS.*TARGETING_BROADCAST_LEASE_MS/,
    );
  });
  it('documents every setting it reads', () => {
    expect(settingsDocDrift(targetingEnvSchema, ALL_TARGETING_SETTINGS)).toEqual([]);
  });
});

describe('README', () => {
  it('lists the settings exactly as declared', () => {
    const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    expect(readme).toContain(renderSettingsTable(TARGETING_SETTINGS));
  });
});
