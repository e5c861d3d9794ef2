import { aRequest } from './harness/inputs';
import { deadLettersFrom, finalReceipts, receiptsOf, waitForReceipts, type ReceiptRow } from './harness/outcomes';
import { randomId, seedDevices, type ProviderName, type SeededDevice } from './harness/seed';
import { readTopicToEnd } from './harness/topic-reader';
import { seedContextOf, usePipeline, withStageLogs } from './harness/use-pipeline';
import { waitFor } from '../helpers/wait-for';
import type { Delivery } from '../../services/shared/contracts/messages';

// How the senders act on what the providers answer, through the whole pipeline: the fake gateways
// are scripted per token or provider; timings are read from what the fakes recorded (their clock is
// the machine's), never from sleeps.

const pipeline = usePipeline('e2e-answers');

const statuses = (pushes: readonly { status: number }[]): number[] => pushes.map((push) => push.status);

async function sendTo(devices: readonly SeededDevice[], over: Parameters<typeof aRequest>[1] = {}): Promise<string> {
  const p = pipeline();
  const request = aRequest([...new Set(devices.map((d) => d.userId))], over);
  await p.publish(p.topics['notifications.requests'], request, { key: request.event_id });
  return request.event_id;
}

/** Waits until the fake answered `token` with `status`; returns the time it did. */
async function answeredWith(provider: ProviderName, token: string, status: (s: number) => boolean, what: string): Promise<number> {
  const p = pipeline();
  const push = await withStageLogs(p, () =>
    waitFor(async () => (await p.fakes.received(provider, token)).find((r) => status(r.status)), { description: what, timeoutMs: 60_000, intervalMs: 20 }),
  );
  return push.atMs;
}

describe('429 with Retry-After', () => {
  it.each(['fcm', 'webpush'] as const)('%s: no new request to the provider before Retry-After elapses, then the delivery goes through', async (provider) => {
    const p = pipeline();
    const throttleMs = 5000;
    const [throttled, other] = await seedDevices(seedContextOf(p), [
      { userId: randomId('user'), provider },
      { userId: randomId('user'), provider },
    ]);
    // The fake answers 429 with Retry-After = the seconds left, so the pause ends at or after this instant.
    const pauseEndsAt = Date.now() + throttleMs;
    await p.fakes.throttle(provider, { durationMs: throttleMs, token: throttled!.fakeToken });

    const first = await sendTo([throttled!]);
    const throttledAt = await answeredWith(provider, throttled!.fakeToken, (s) => s === 429, 'the 429');
    const secondPublishedAt = Date.now();
    const second = await sendTo([other!]);

    const firstRows = await withStageLogs(p, () => waitForReceipts(p.pool, first, (r) => r.some((x) => x.status === 'accepted'), 'delivered after the pause'));
    const secondRows = await withStageLogs(p, () => waitForReceipts(p.pool, second, (r) => r.some((x) => x.status === 'accepted'), 'held, then delivered'));

    // The other device's notification reached the sender while the pause was on (else this test proves nothing).
    expect(secondPublishedAt).toBeLessThan(pauseEndsAt - 1000);
    const pushes = [...(await p.fakes.received(provider, throttled!.fakeToken)), ...(await p.fakes.received(provider, other!.fakeToken))];
    const after = pushes.filter((push) => push.atMs > throttledAt);
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const push of after) expect(push.atMs).toBeGreaterThanOrEqual(pauseEndsAt);

    expect(statuses(await p.fakes.received(provider, throttled!.fakeToken))).toEqual([429, provider === 'fcm' ? 200 : 201]);
    expect(firstRows.map((r) => [r.status, r.attempt, r.http_status])).toEqual([
      ['retry_scheduled', 1, 429],
      ['accepted', 2, provider === 'fcm' ? 200 : 201],
    ]);
    // Held back by the closed gate: not an attempt, so no receipt until it was sent.
    expect(secondRows.map((r) => [r.status, r.attempt])).toEqual([['accepted', 1]]);
  });
});

describe('5xx', () => {
  it('is retried with backoff on every provider, then delivered', async () => {
    const p = pipeline();
    const user = randomId('user');
    const devices = await seedDevices(seedContextOf(p), [
      { userId: user, provider: 'fcm' },
      { userId: user, provider: 'apns' },
      { userId: user, provider: 'webpush' },
    ]);
    await p.fakes.setErrorRate('fcm', { rate: 1, status: 503, retryAfterSeconds: 1 });
    await p.fakes.setErrorRate('apns', { rate: 1, status: 500 });
    await p.fakes.setErrorRate('webpush', { rate: 1, status: 500 });
    let eventId: string;
    try {
      eventId = await sendTo(devices);
      for (const d of devices) await answeredWith(d.provider, d.fakeToken, (s) => s >= 500, `a 5xx from ${d.provider}`);
    } finally {
      for (const provider of ['fcm', 'apns', 'webpush'] as const) await p.fakes.setErrorRate(provider, { rate: 0 });
    }
    const rows = await withStageLogs(p, () => waitForReceipts(p.pool, eventId, (r) => r.filter((x) => x.status === 'accepted').length === 3, 'all three delivered'));

    for (const d of devices) {
      const mine = rows.filter((r) => r.device_id === d.id).sort((a, b) => a.attempt - b.attempt);
      const answers = statuses(await p.fakes.received(d.provider, d.fakeToken));
      // Every 5xx answer is one RETRY_SCHEDULED attempt; the attempt after the last one is accepted.
      const failures = answers.filter((s) => s >= 500).length;
      expect(failures).toBeGreaterThanOrEqual(1);
      expect(answers.slice(failures)).toHaveLength(1);
      expect(answers[failures]).toBeLessThan(300);
      expect(mine.map((r) => [r.status, r.attempt])).toEqual([
        ...Array.from({ length: failures }, (_, i) => ['retry_scheduled', i + 1]),
        ['accepted', failures + 1],
      ]);
      for (const r of mine.slice(0, failures)) expect(r.http_status).toBeGreaterThanOrEqual(500);
    }
  });
});

describe('permanent errors', () => {
  it('are never retried: one request, one final receipt, nothing on the retry topic', async () => {
    const p = pipeline();
    const user = randomId('user');
    const other = await p.fakes.createWebPushSubscription({ applicationServerKey: p.credentials.vapid.publicKey });
    const [badCredentials, badEncryption, badToken] = await seedDevices(seedContextOf(p), [
      { userId: user, provider: 'fcm' },
      // Keys of another subscription: the push service cannot decrypt what Herald encrypts (400).
      { userId: user, provider: 'webpush', webpushKeysOverride: other.keys },
      { userId: user, provider: 'apns' },
    ]);
    await p.fakes.setTokenState('fcm', badCredentials!.fakeToken, 'third-party-auth-error');
    await p.fakes.setTokenState('apns', badToken!.fakeToken, 'bad-device-token');

    const eventId = await sendTo([badCredentials!]);
    const rows = await withStageLogs(p, () => waitForReceipts(p.pool, eventId, (r) => r.length >= 3, 'three final outcomes'));

    const outcome = (d: SeededDevice): unknown[] => rows.filter((r) => r.device_id === d.id).map((r) => [r.status, r.attempt, r.http_status, r.reason]);
    expect(outcome(badCredentials!)).toEqual([['credentials_rejected', 1, 401, 'THIRD_PARTY_AUTH_ERROR']]);
    expect(outcome(badEncryption!)).toEqual([['message_rejected', 1, 400, 'BadRequest']]);
    expect(outcome(badToken!)).toEqual([['token_dead', 1, 400, 'BadDeviceToken']]);
    expect(rows).toHaveLength(3);
    for (const d of [badCredentials!, badEncryption!, badToken!]) expect((await p.fakes.received(d.provider, d.fakeToken)).length).toBe(1);

    // A retry would have been published with the receipt, in the same batch: read every retry topic to its end.
    const deliveryIds = new Set(rows.map((r) => r.delivery_id));
    for (const provider of ['fcm', 'apns', 'webpush'] as const) {
      const retries = await readTopicToEnd(p.kafka, p.codec, p.topics[`retry.${provider}`]);
      expect(retries.filter((r) => deliveryIds.has((r.value as Delivery | undefined)?.delivery_id ?? ''))).toEqual([]);
    }
    // Dead letters are for exhausted retries; a permanent error is a receipt, not a dead letter.
    for (const provider of ['fcm', 'apns', 'webpush'] as const) {
      expect(await deadLettersFrom(p.pool, p.topics[`delivery.${provider}.priority`])).toEqual([]);
    }
  });
});

describe('TTL expiry', () => {
  it('drops a delivery whose TTL ran out while it waited, with an EXPIRED receipt and no request', async () => {
    const p = pipeline();
    const pauseMs = 4000;
    const [throttled, shortLived] = await seedDevices(seedContextOf(p), [
      { userId: randomId('user'), provider: 'fcm' },
      { userId: randomId('user'), provider: 'fcm' },
    ]);
    const pauseEndsAt = Date.now() + pauseMs;
    await p.fakes.throttle('fcm', { durationMs: pauseMs, token: throttled!.fakeToken });
    const first = await sendTo([throttled!]);
    await answeredWith('fcm', throttled!.fakeToken, (s) => s === 429, 'the 429 that pauses FCM');

    // Two seconds to live, while FCM is paused for longer: the sender holds it, then finds it expired.
    const expiringPublishedAt = Date.now();
    const expiring = await sendTo([shortLived!], { ttl_seconds: 2 });
    const rows = await withStageLogs(p, () => waitForReceipts(p.pool, expiring, (r) => r.length >= 1, 'the EXPIRED receipt'));
    expect(expiringPublishedAt).toBeLessThan(pauseEndsAt - 2000);
    expect(rows.map((r) => [r.status, r.reason, r.attempt, r.http_status, r.device_id])).toEqual([['expired', 'ttl_expired', 1, null, shortLived!.id]]);
    expect(rows[0]!.occurred_at.getTime()).toBeGreaterThanOrEqual(rows[0]!.event_at.getTime() + 2000);
    expect(await p.fakes.received('fcm', shortLived!.fakeToken)).toEqual([]);
    await withStageLogs(p, () => waitForReceipts(p.pool, first, (r) => r.some((x) => x.status === 'accepted'), 'the paused delivery sent'));
  });

  it('records EXPIRED at targeting for a notification that was already stale when it arrived', async () => {
    const p = pipeline();
    const [device] = await seedDevices(seedContextOf(p), [{ userId: randomId('user'), provider: 'apns' }]);
    const eventId = await sendTo([device!], { ttl_seconds: 60, created_at: Date.now() - 10 * 60_000 });
    const rows: ReceiptRow[] = await withStageLogs(p, () => waitForReceipts(p.pool, eventId, (r) => r.length >= 1, 'the EXPIRED receipt'));
    expect(rows.map((r) => [r.status, r.reason, r.attempt, r.device_id])).toEqual([['expired', 'TTL_EXPIRED', 0, null]]);
    expect(finalReceipts(await receiptsOf(p.pool, eventId))).toHaveLength(1);
    expect(await p.fakes.received('apns', device!.fakeToken)).toEqual([]);
  });
});
