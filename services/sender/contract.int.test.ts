import { Registry } from 'prom-client';
import type { FakeGateways } from '../fakes';
import type { Delivery } from '../shared/contracts/messages';
import { createLogger } from '../shared/logger';
import { waitFor } from '../../test/helpers/wait-for';
import { createDeliverySender, type DeliverySender } from './delivery-sender';
import { createSenderMetrics } from './sender-metrics';
import {
  apnsHarness,
  fcmHarness,
  startFakes,
  stubHarness,
  webPushHarness,
  type ContractHarness,
} from './test-support/contract-harnesses';

// The one contract every provider passes, FCM, APNs and Web Push against the fake gateways over real
// TLS + HTTP/2, and the stub in memory: what each kind of provider answer turns into.

const policy = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 200 };

let fakes: FakeGateways;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const HARNESSES: Array<[string, () => ContractHarness]> = [
  ['fcm', () => fcmHarness(fakes)],
  ['apns', () => apnsHarness(fakes)],
  ['webpush', () => webPushHarness(fakes)],
  ['stub', () => stubHarness()],
];

describe.each(HARNESSES)('provider contract: %s', (_name, makeHarness) => {
  let h: ContractHarness;
  let sender: DeliverySender;
  const senderFor = (harness: ContractHarness, client = harness.client): DeliverySender =>
    createDeliverySender({
      client,
      gate: harness.gate,
      policy,
      clock: Date.now,
      random: Math.random,
      metrics: createSenderMetrics(new Registry()),
      logger: createLogger('contract', 'silent'),
    });

  beforeEach(async () => {
    await fakes.reset();
    h = makeHarness();
    sender = senderFor(h);
  });
  afterEach(async () => {
    await h.close();
  });

  const sendWhenDue = async (delivery: Delivery) => {
    await waitFor(() => Date.now() >= (delivery.not_before ?? 0), { description: 'the retry to be due', timeoutMs: 10_000 });
    return sender.send(delivery, 'urgent');
  };

  it('accepted → ACCEPTED receipt carrying the provider message id', async () => {
    const delivery = await h.newDelivery();
    const result = await sender.send(delivery, 'urgent');
    expect(result.retry).toBeNull();
    expect(result.receipt).toMatchObject({ status: 'ACCEPTED', delivery_id: delivery.delivery_id, attempt: 1 });
    const received = await h.received(delivery);
    expect(received).toHaveLength(1);
    expect(result.receipt!.provider_message_id).toBeTruthy();
    if (received[0]!.messageId !== undefined) expect(result.receipt!.provider_message_id).toContain(received[0]!.messageId);
  });

  it('a dead token → TOKEN_DEAD, not retried', async () => {
    const delivery = await h.newDelivery();
    await h.markDead(delivery);
    const result = await sender.send(delivery, 'urgent');
    expect(result.receipt).toMatchObject({ status: 'TOKEN_DEAD' });
    expect(result.retry).toBeNull();
    expect(await h.received(delivery)).toHaveLength(1);
  });

  it('an oversize message → MESSAGE_REJECTED, never retried (exactly one request)', async () => {
    const delivery = await h.newDelivery({ payload: h.oversizePayload() });
    const requestsBefore = await h.requestCount();
    const result = await sender.send(delivery, 'urgent');
    expect(result.receipt).toMatchObject({ status: 'MESSAGE_REJECTED' });
    expect(result.retry).toBeNull();
    expect(result.deadLetter).toBeNull();
    // Counted over the whole gateway: a fake may file a request it could not parse under no token.
    expect(await h.requestCount()).toBe(requestsBefore + 1);
  });

  it('a 5xx → RETRY_SCHEDULED, then the retry is delivered', async () => {
    const delivery = await h.newDelivery();
    await h.failAll();
    const first = await sender.send(delivery, 'urgent');
    expect(first.receipt).toMatchObject({ status: 'RETRY_SCHEDULED', http_status: 503, attempt: 1 });
    expect(first.retry).toMatchObject({ delivery_id: delivery.delivery_id, attempt: 2 });
    await h.clearFailures();
    const second = await sendWhenDue(first.retry!);
    expect(second.receipt).toMatchObject({ status: 'ACCEPTED', attempt: 2 });
    expect((await h.received(delivery)).map((r) => r.status)).toEqual([503, 200].map((s) => (s === 200 && h.name === 'webpush' ? 201 : s)));
  });

  it('a 429 → retried later; with Retry-After nothing is sent to the provider before it elapses', async () => {
    await h.throttle(1_000);
    const first = await h.newDelivery();
    const answer = await sender.send(first, 'urgent');
    expect(answer.receipt).toMatchObject({ status: 'RETRY_SCHEDULED', http_status: 429 });
    const throttledAtMs = (await h.received(first))[0]!.atMs;
    const second = await h.newDelivery();
    const requestsBefore = await h.requestCount();
    const held = await sender.send(second, 'urgent');
    if (h.retryAfterOn429) {
      const reopensAtMs = answer.retry!.not_before!;
      expect(reopensAtMs).toBeGreaterThanOrEqual(throttledAtMs + 1_000);
      expect(held.receipt).toBeNull();
      expect(held.retry).toMatchObject({ attempt: 1 });
      expect(held.retry!.not_before!).toBeGreaterThanOrEqual(reopensAtMs);
      expect(await h.requestCount()).toBe(requestsBefore);
      const [retried, deferred] = [await sendWhenDue(answer.retry!), await sendWhenDue(held.retry!)];
      expect(retried.receipt).toMatchObject({ status: 'ACCEPTED', attempt: 2 });
      expect(deferred.receipt).toMatchObject({ status: 'ACCEPTED', attempt: 1 });
      const later = [...(await h.received(first)).slice(1), ...(await h.received(second))];
      expect(later.length).toBe(2);
      for (const request of later) expect(request.atMs).toBeGreaterThanOrEqual(reopensAtMs);
    } else {
      // No Retry-After: the message backs off on its own, the endpoint stays open.
      expect(h.gate.closedUntil(h.client.endpointOf(first))).toBeNull();
      expect(held.receipt).toMatchObject({ status: 'RETRY_SCHEDULED', http_status: 429 });
      expect(await h.requestCount()).toBe(requestsBefore + 1);
    }
  });

  it('an expired TTL → EXPIRED without any request', async () => {
    const delivery = await h.newDelivery({ created_at: Date.now() - 60_000, expires_at: Date.now() - 1 });
    const result = await sender.send(delivery, 'urgent');
    expect(result.receipt).toMatchObject({ status: 'EXPIRED', http_status: null });
    expect(await h.received(delivery)).toHaveLength(0);
  });

  it('bad credentials → CREDENTIALS_REJECTED, not retried', async () => {
    const delivery = await h.newDelivery();
    const result = await senderFor(h, h.badCredentialsClient).send(delivery, 'urgent');
    expect(result.receipt).toMatchObject({ status: 'CREDENTIALS_REJECTED' });
    expect(result.retry).toBeNull();
  });

  it('the provider gets the payload as rendered (Web Push: decrypted plaintext)', async () => {
    const delivery = await h.newDelivery();
    await sender.send(delivery, 'urgent');
    const [request] = await h.received(delivery);
    const expected: unknown = JSON.parse(delivery.payload);
    if (h.decrypts) expect(request!.payload).toBe(delivery.payload);
    else if (h.name === 'stub') expect(JSON.parse(String(request!.payload))).toEqual(expected);
    else expect(request!.payload).toMatchObject(expected as object);
  });
});
