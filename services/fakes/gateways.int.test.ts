import * as https from 'node:https';
import * as tls from 'node:tls';
import { startFakeGateways, type FakeGateways } from './index';
import { closeSession, h2Connect, h2Request } from './test-support/h2-request';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from './test-support/test-dirs';

let fakes: FakeGateways;
beforeAll(async () => {
  fakes = await startFakeGateways({ tlsDir: TEST_TLS_DIR, devCredentialsDir: TEST_CREDENTIALS_DIR, captureLimits: { maxPerToken: 2 } });
});
afterAll(async () => {
  await fakes.close();
});

const token = (): string => `tok${Math.random().toString(36).slice(2)}:APA91b`;
async function fcmSend(target: string): Promise<number> {
  const session = await h2Connect(fakes.fcmUrl, fakes.caCertPem);
  try {
    const response = await h2Request(session, { ':path': '/v1/projects/p/messages:send', authorization: `Bearer ${fakes.credentials!.fcm.accessToken}` }, JSON.stringify({ message: { token: target } }));
    return response.status;
  } finally {
    await closeSession(session);
  }
}

describe('startFakeGateways', () => {
  it('serves each provider on its own port over TLS with the local CA', () => {
    expect(new Set([fakes.ports.fcm, fakes.ports.apns, fakes.ports.webpush]).size).toBe(3);
    expect(fakes.fcmUrl).toBe(`https://127.0.0.1:${fakes.ports.fcm}`);
  });

  it('offers APNs over h2 only, and FCM over HTTP/1.1 too', async () => {
    const alpn = (port: number, protocols: string[]) =>
      new Promise<string | false>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, ca: fakes.caCertPem, ALPNProtocols: protocols }, () => {
          resolve(socket.alpnProtocol ?? false);
          socket.destroy();
        });
        socket.on('error', reject);
      });
    await expect(alpn(fakes.ports.apns, ['http/1.1'])).rejects.toThrow();
    expect(await alpn(fakes.ports.apns, ['h2', 'http/1.1'])).toBe('h2');
    expect(await alpn(fakes.ports.fcm, ['http/1.1'])).toBe('http/1.1');
  });

  it('adds scripted latency before answering', async () => {
    await fakes.setLatency('fcm', { kind: 'fixed', ms: 300 });
    const started = Date.now();
    expect(await fcmSend(token())).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await fakes.setLatency('fcm', null);
  });

  it('keeps counters with capture off, and bounds captures per token', async () => {
    const target = token();
    await fakes.setCapture(false);
    const before = (await fakes.counters()).fcm.requests;
    expect(await fcmSend(target)).toBe(200);
    expect(await fakes.received('fcm', target)).toEqual([]);
    expect((await fakes.counters()).fcm.requests).toBe(before + 1);
    await fakes.setCapture(true);
    for (let i = 0; i < 3; i += 1) await fcmSend(target);
    expect(await fakes.received('fcm', target)).toHaveLength(2);
  });

  it('serves the control API on every port, over HTTP/1.1 as well', async () => {
    const counters = await new Promise<string>((resolve, reject) => {
      https
        .get(`${fakes.webpushUrl}/__control/counters`, { ca: fakes.caCertPem }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(counters)).toHaveProperty('counters.fcm.requests');
  });
});
