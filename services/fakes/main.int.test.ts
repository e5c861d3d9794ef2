import * as https from 'node:https';
import * as webpush from 'web-push';
import { createControlClient, ensureDevCredentials } from './index';
import { spawnFakes, type SpawnedFakes } from './spawn-fakes';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from './test-support/test-dirs';

describe.each([1, 2])('the fakes as a process with %i worker(s), scripted over the control API', (workers) => {
  let fakes: SpawnedFakes;
  beforeAll(async () => {
    fakes = await spawnFakes({
      ...process.env,
      FAKES_WORKERS: String(workers),
      FAKE_FCM_PORT: '0',
      FAKE_APNS_PORT: '0',
      FAKE_WEBPUSH_PORT: '0',
      FAKES_TLS_DIR: TEST_TLS_DIR,
      FAKES_DEV_CREDENTIALS_DIR: TEST_CREDENTIALS_DIR,
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    if (fakes) await fakes.stop();
  });

  it('creates subscriptions every worker can decrypt for, merges what arrived, and stops on SIGTERM', async () => {
    expect(fakes.workers).toBe(workers);
    const control = createControlClient({ baseUrl: fakes.apnsUrl, caCertPem: fakes.caCertPem });
    const credentials = ensureDevCredentials(TEST_CREDENTIALS_DIR);
    const subscription = await control.createWebPushSubscription();
    expect(subscription.endpoint.startsWith(`${fakes.webpushUrl}/push/`)).toBe(true);
    // A fresh agent per push spreads the connections over the workers.
    const sends = Array.from({ length: 6 }, (_, i) =>
      webpush.sendNotification(subscription, `message ${i}`, { vapidDetails: credentials.vapid, agent: new https.Agent({ ca: fakes.caCertPem, keepAlive: false }) }),
    );
    expect((await Promise.all(sends)).map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const received = await control.received('webpush', subscription.endpoint);
    expect(received.map((r) => r.payload).sort()).toEqual(['message 0', 'message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
    expect((await control.counters()).webpush.accepted).toBeGreaterThanOrEqual(6);

    await control.markDead('webpush', subscription.endpoint);
    const afterDeath = await Promise.allSettled(
      Array.from({ length: 4 }, () => webpush.sendNotification(subscription, 'x', { vapidDetails: credentials.vapid, agent: new https.Agent({ ca: fakes.caCertPem, keepAlive: false }) })),
    );
    expect(afterDeath.map((r) => (r.status === 'rejected' ? (r.reason as webpush.WebPushError).statusCode : 0))).toEqual([410, 410, 410, 410]);
    await expect(control.setTokenState('fcm', 't', 'gone')).rejects.toThrow(/400/);
    await control.close();
    expect(await fakes.stop()).toBe(0);
  });
});
