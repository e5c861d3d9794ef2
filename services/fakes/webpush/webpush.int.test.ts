import * as https from 'node:https';
import * as webpush from 'web-push';
import { startFakeGateways, type FakeGateways } from '../index';
import type { PushSubscriptionJson } from '../shared/control-facade';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from '../test-support/test-dirs';
import { waitFor } from '../../../test/helpers/wait-for';

let fakes: FakeGateways;
let agent: https.Agent;
let vapidDetails: { subject: string; publicKey: string; privateKey: string };

beforeAll(async () => {
  fakes = await startFakeGateways({ tlsDir: TEST_TLS_DIR, devCredentialsDir: TEST_CREDENTIALS_DIR });
  agent = new https.Agent({ ca: fakes.caCertPem, keepAlive: true });
  vapidDetails = fakes.credentials!.vapid;
});
afterAll(async () => {
  agent.destroy();
  await fakes.close();
});

interface Outcome {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function send(subscription: PushSubscriptionJson, payload: string | null, options: webpush.RequestOptions = {}): Promise<Outcome> {
  try {
    const result = await webpush.sendNotification(subscription, payload, { vapidDetails, agent, ...options });
    return { statusCode: result.statusCode, headers: result.headers, body: result.body };
  } catch (error) {
    if (error instanceof webpush.WebPushError) return { statusCode: error.statusCode, headers: error.headers, body: error.body };
    throw error;
  }
}

function rawPost(url: string, headers: Record<string, string>, body: Buffer | string = ''): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'POST', agent, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('Web Push fake with the web-push library', () => {
  it('accepts an encrypted push, answers 201 with Location and keeps the decrypted plaintext', async () => {
    const subscription = await fakes.createWebPushSubscription();
    const text = JSON.stringify({ title: 'Hello', body: 'wörld ✓', n: Math.random() });
    const outcome = await send(subscription, text, { TTL: 120, urgency: 'high', topic: 'greeting' });
    expect(outcome.statusCode).toBe(201);
    expect(outcome.headers.location).toMatch(new RegExp(`^${fakes.webpushUrl}/m/[0-9a-f-]{36}$`));
    expect(outcome.headers.ttl).toBe('120');
    const [received] = await fakes.received('webpush', subscription.endpoint);
    expect(received).toMatchObject({ status: 201, payload: text, headers: { ttl: '120', urgency: 'high', topic: 'greeting', 'content-encoding': 'aes128gcm' } });
  });

  it('accepts a push without payload', async () => {
    const subscription = await fakes.createWebPushSubscription();
    expect((await send(subscription, null)).statusCode).toBe(201);
    expect((await fakes.received('webpush', subscription.endpoint))[0]?.payload).toBeNull();
  });

  it('takes 3993 bytes of plaintext (a 4096-byte body) and answers 413 above', async () => {
    const subscription = await fakes.createWebPushSubscription();
    expect((await send(subscription, 'x'.repeat(3993))).statusCode).toBe(201);
    const tooBig = await send(subscription, 'x'.repeat(3994));
    expect(tooBig.statusCode).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ code: 413, errno: 104, error: 'Payload Too Large' });
  });

  it('answers 410 Gone for a subscription marked dead and 404 for an unknown one', async () => {
    const subscription = await fakes.createWebPushSubscription();
    await fakes.markDead('webpush', subscription.endpoint);
    const gone = await send(subscription, 'hi');
    expect(gone.statusCode).toBe(410);
    expect(JSON.parse(gone.body)).toMatchObject({ code: 410, errno: 106 });
    const unknown = await send({ ...subscription, endpoint: `${fakes.webpushUrl}/push/nobody` }, 'hi');
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 404, errno: 102 });
  });

  it('answers 401 without VAPID and 403 for bad VAPID claims or keys', async () => {
    const subscription = await fakes.createWebPushSubscription({ applicationServerKey: vapidDetails.publicKey });
    const missing = await rawPost(subscription.endpoint, { ttl: '60' });
    expect(missing.statusCode).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ errno: 109 });

    const origin = new URL(fakes.webpushUrl).origin;
    const vapid = (audience: string, expiration?: number, keys = vapidDetails) =>
      webpush.getVapidHeaders(audience, keys.subject, keys.publicKey, keys.privateKey, 'aes128gcm', expiration).Authorization;
    expect((await rawPost(subscription.endpoint, { ttl: '60', authorization: vapid('https://127.0.0.1') })).statusCode).toBe(403);
    expect((await rawPost(subscription.endpoint, { ttl: '60', authorization: vapid(origin, Math.floor(Date.now() / 1000) - 10) })).statusCode).toBe(403);
    const otherKeys = { ...webpush.generateVAPIDKeys(), subject: 'mailto:x@example.com' };
    const mismatch = await rawPost(subscription.endpoint, { ttl: '60', authorization: vapid(origin, undefined, otherKeys) });
    expect(mismatch.statusCode).toBe(403);
    expect(JSON.parse(mismatch.body).message).toContain('applicationServerKey');
    expect((await rawPost(subscription.endpoint, { ttl: '60', authorization: vapid(origin) })).statusCode).toBe(201);
  });

  it('needs TTL and rejects bad Urgency, Topic and content codings with 400', async () => {
    const subscription = await fakes.createWebPushSubscription();
    const { Authorization } = webpush.getVapidHeaders(new URL(fakes.webpushUrl).origin, vapidDetails.subject, vapidDetails.publicKey, vapidDetails.privateKey, 'aes128gcm');
    const noTtl = await rawPost(subscription.endpoint, { authorization: Authorization });
    expect(noTtl.statusCode).toBe(400);
    expect(JSON.parse(noTtl.body)).toMatchObject({ errno: 111, message: 'Missing TTL value' });
    expect((await rawPost(subscription.endpoint, { authorization: Authorization, ttl: '60', urgency: 'asap' })).statusCode).toBe(400);
    expect((await rawPost(subscription.endpoint, { authorization: Authorization, ttl: '60', topic: 'not a topic' })).statusCode).toBe(400);
    const legacy = await send(subscription, 'hi', { contentEncoding: 'aesgcm' });
    expect(legacy.statusCode).toBe(400);
    expect(JSON.parse(legacy.body)).toMatchObject({ errno: 110 });
    const garbage = await rawPost(subscription.endpoint, { authorization: Authorization, ttl: '60', 'content-encoding': 'aes128gcm' }, Buffer.alloc(200, 1));
    expect(garbage.statusCode).toBe(400);
  });

  it('throttles with 429 and Retry-After, and the throttle lifts after it', async () => {
    const subscription = await fakes.createWebPushSubscription();
    const throttledAt = Date.now();
    await fakes.throttle('webpush', { durationMs: 2500, token: subscription.endpoint });
    const throttled = await send(subscription, 'hi');
    expect(throttled.statusCode).toBe(429);
    const retryAfterSeconds = Number(throttled.headers['retry-after']);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(3);
    await waitFor(async () => (await send(subscription, 'hi')).statusCode === 201, { description: 'the throttle lifted', timeoutMs: (retryAfterSeconds + 5) * 1000, intervalMs: 100 });
    const liftedAfterMs = Date.now() - throttledAt;
    expect(liftedAfterMs).toBeGreaterThanOrEqual(2400);
    expect(liftedAfterMs).toBeLessThanOrEqual(retryAfterSeconds * 1000 + 5000);
  });

  it('injects 5xx and lifts them on reset', async () => {
    const subscription = await fakes.createWebPushSubscription();
    await fakes.setErrorRate('webpush', { rate: 1, status: 503, retryAfterSeconds: 7 });
    const failed = await send(subscription, 'hi');
    expect(failed.statusCode).toBe(503);
    expect(failed.headers['retry-after']).toBe('7');
    await fakes.reset('webpush');
    expect((await send(subscription, 'hi')).statusCode).toBe(201);
  });
});
