import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSettingsTable, settingsDocDrift } from '../shared/config';
import { FAKES_SETTINGS, fakesEnvSchema, loadFakesConfig } from './config';
import { gatewayOptionsFromConfig } from './fakes-options';

describe('fakes config', () => {
  it('has documented defaults', () => {
    const config = loadFakesConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', ports: { fcm: 4443, apns: 4444, webpush: 4445 }, tlsDir: '.herald/tls', capture: true, workers: 1, apnsMaxStreams: 500, webpushRequireVapid: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('documents every setting, and the README carries the table', () => {
    expect(settingsDocDrift(fakesEnvSchema, FAKES_SETTINGS)).toEqual([]);
    const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    expect(readme).toContain(renderSettingsTable(FAKES_SETTINGS));
  });

  it('parses lists, booleans and worker counts', () => {
    const config = loadFakesConfig({ FAKES_CAPTURE: 'false', FAKES_WORKERS: 'auto', FAKE_FCM_ACCEPTED_TOKENS: 'a, b', FAKE_FCM_PROJECTS: 'p1', FAKE_FCM_PORT: '0' });
    expect(config.capture).toBe(false);
    expect(config.workers).toBeGreaterThanOrEqual(1);
    expect(config.fcmAcceptedTokens).toEqual(['a', 'b']);
    expect(config.ports.fcm).toBe(0);
    expect(gatewayOptionsFromConfig(config, undefined).auth?.fcm).toEqual({ acceptedTokens: ['a', 'b'], projects: ['p1'] });
  });

  it('names the bad variable', () => {
    expect(() => loadFakesConfig({ FAKE_APNS_PORT: 'x', FAKES_WORKERS: '0' })).toThrow(/FAKE_APNS_PORT.*FAKES_WORKERS|FAKES_WORKERS.*FAKE_APNS_PORT/);
  });
});
