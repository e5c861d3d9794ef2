import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, renderSettingsTable, settingsDocDrift } from '../shared/config';
import { loadSenderConfig, SENDER_SETTINGS, senderEnvSchema } from './config';

const FCM = { SENDER_PROVIDER: 'fcm', FCM_PROJECT_ID: 'p1' };
const APNS = { APNS_KEY_FILE: '/k.p8', APNS_KEY_ID: 'KEY1234567', APNS_TEAM_ID: 'TEAM123456', APNS_TOPIC: 'app.bundle' };
const VAPID = { VAPID_PUBLIC_KEY: 'pub', VAPID_PRIVATE_KEY: 'priv', VAPID_SUBJECT: 'mailto:ops@example.com' };

describe('loadSenderConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadSenderConfig(FCM);
    expect(config.providers).toEqual(['FCM']);
    expect(config.retry).toEqual({ maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 300_000 });
    expect(config.transport).toEqual({
      connectionsPerOrigin: 2,
      maxStreamsPerConnection: 1000,
      requestTimeoutMs: 15_000,
      connectTimeoutMs: 10_000,
      pingIntervalMs: 60_000,
      caFile: null,
    });
    expect(config.fcm).toEqual({
      baseUrl: 'https://fcm.googleapis.com',
      projectId: 'p1',
      credentials: { kind: 'application_default' },
      ttlRewriteAfterMs: 5000,
    });
    expect(config.apns).toBeNull();
    expect(config.webpush).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('picks the FCM credential source: static token, then file, then ADC', () => {
    expect(loadSenderConfig({ ...FCM, FCM_ACCESS_TOKEN: 't', FCM_CREDENTIALS_FILE: '/sa.json' }).fcm?.credentials).toEqual({ kind: 'static_token', token: 't' });
    expect(loadSenderConfig({ ...FCM, FCM_CREDENTIALS_FILE: '/sa.json' }).fcm?.credentials).toEqual({ kind: 'service_account_file', path: '/sa.json' });
  });

  it('reads every provider for "all"', () => {
    const config = loadSenderConfig({ ...FCM, ...APNS, ...VAPID, SENDER_PROVIDER: 'all', APNS_SANDBOX_URL: 'https://127.0.0.1:9443' });
    expect(config.providers).toEqual(['FCM', 'APNS', 'WEBPUSH']);
    expect(config.apns).toMatchObject({ baseUrls: { PRODUCTION: 'https://api.push.apple.com', SANDBOX: 'https://127.0.0.1:9443' }, topic: 'app.bundle' });
    expect(config.webpush?.vapid).toEqual({ publicKey: 'pub', privateKey: 'priv', subject: 'mailto:ops@example.com' });
  });

  it('names every missing provider setting and unknown provider at once', () => {
    let error: unknown;
    try {
      loadSenderConfig({ SENDER_PROVIDER: 'apns,webpush,pigeon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.name).sort()).toEqual(
      ['APNS_KEY_FILE', 'APNS_KEY_ID', 'APNS_TEAM_ID', 'APNS_TOPIC', 'SENDER_PROVIDER', 'VAPID_PRIVATE_KEY', 'VAPID_PUBLIC_KEY', 'VAPID_SUBJECT'].sort(),
    );
  });

  it('requires SENDER_PROVIDER', () => {
    expect(() => loadSenderConfig({})).toThrow(ConfigError);
  });

  it('documents every setting, and the README carries the table', () => {
    expect(settingsDocDrift(senderEnvSchema, SENDER_SETTINGS)).toEqual([]);
    const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    expect(readme).toContain(renderSettingsTable(SENDER_SETTINGS));
  });
});
