import { Registry } from 'prom-client';
import type { Delivery, Receipt } from '../shared/contracts/messages';
import { createLogger } from '../shared/logger';
import type { HandlerContext, StageMessage } from '../shared/kafka/stage-handler';
import { createConcurrencyLimit } from './concurrency-limit';
import { createDeliverySender } from './delivery-sender';
import type { OutcomePublisher } from './outcome-publisher';
import { createProviderGate } from './provider-gate';
import { createSenderHandler } from './sender-handler';
import { createSenderMetrics } from './sender-metrics';
import { createStubGateway } from './stub/client';
import { createStubRouter } from './stub/router';
import { DEFAULT_STUB_SETTINGS } from './stub/settings';
import { aDelivery } from './test-support/deliveries';

const context = {} as HandlerContext;
const asMessages = (deliveries: Delivery[]): StageMessage<Delivery>[] =>
  deliveries.map((value, i) => ({ value, key: null, headers: {}, topic: 'd', partition: 0, offset: String(i), timestampMs: 0 }));

function setup() {
  const clock = () => 1_700_000_000_000;
  const gate = createProviderGate(clock);
  const gateway = createStubGateway({ clock, maxPayloadBytes: 4096 });
  const sender = createDeliverySender({
    client: createStubRouter({ settings: DEFAULT_STUB_SETTINGS, gateway, gate, clock }),
    gate,
    policy: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1_000 },
    clock,
    random: () => 0.5,
    metrics: createSenderMetrics(new Registry()),
    logger: createLogger('test', 'silent'),
  });
  const published: Array<{ receipts: readonly Receipt[]; retries: readonly Delivery[] }> = [];
  let failPublishes = 0;
  const publisher: OutcomePublisher = {
    publish(receipts, retries) {
      if (failPublishes > 0) {
        failPublishes -= 1;
        return Promise.reject(new Error('broker down'));
      }
      published.push({ receipts, retries });
      return Promise.resolve();
    },
  };
  const handler = createSenderHandler({ sender, provider: 'FCM', lane: 'urgent', limit: createConcurrencyLimit(2), publisher });
  return { handler, gateway, published, clock, failNextPublish: () => void (failPublishes += 1) };
}

describe('sender handler', () => {
  it('publishes the receipts of a whole chunk in one batch, in message order', async () => {
    const t = setup();
    const deliveries = [aDelivery({}, t.clock()), aDelivery({}, t.clock()), aDelivery({}, t.clock()), aDelivery({}, t.clock())];
    t.gateway.markDead(deliveries[1]!.token);
    const result = await t.handler(asMessages(deliveries), context);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]!.receipts.map((r) => [r.delivery_id, r.status])).toEqual([
      [deliveries[0]!.delivery_id, 'ACCEPTED'],
      [deliveries[1]!.delivery_id, 'TOKEN_DEAD'],
      [deliveries[2]!.delivery_id, 'ACCEPTED'],
      [deliveries[3]!.delivery_id, 'ACCEPTED'],
    ]);
    expect(t.published[0]!.retries).toEqual([]);
    expect(result).toBeUndefined();
  });

  it('turns exhausted retries into FAILED receipts and rejected offsets', async () => {
    const t = setup();
    t.gateway.failNext(2, 503);
    const retried = aDelivery({}, t.clock());
    const exhausted = aDelivery({ attempt: 2 }, t.clock());
    const result = await t.handler(asMessages([retried, exhausted]), context);
    expect(t.published[0]!.receipts.map((r) => r.status)).toEqual(['RETRY_SCHEDULED', 'FAILED']);
    expect(t.published[0]!.retries).toEqual([{ ...retried, attempt: 2, not_before: t.clock() + 50 }]);
    expect(result).toEqual({ rejected: [{ offset: '1', error: expect.objectContaining({ code: 'RETRIES_EXHAUSTED' }) }] });
  });

  it('does not send again when only the publish failed and the runner retries the chunk', async () => {
    const t = setup();
    const delivery = aDelivery({}, t.clock());
    t.failNextPublish();
    await expect(t.handler(asMessages([delivery]), context)).rejects.toThrow('broker down');
    await t.handler(asMessages([delivery]), context);
    expect(t.gateway.received(delivery.token)).toHaveLength(1);
    expect(t.published[0]!.receipts).toMatchObject([{ status: 'ACCEPTED' }]);
  });

  it('dead-letters a delivery for another provider without sending it', async () => {
    const t = setup();
    const stray = aDelivery({ provider: 'APNS' }, t.clock());
    const result = await t.handler(asMessages([stray]), context);
    expect(result).toEqual({ rejected: [{ offset: '0', error: expect.objectContaining({ code: 'INVALID_MESSAGE' }) }] });
    expect(t.gateway.requests()).toBe(0);
    expect(t.published.flatMap((p) => [...p.receipts, ...p.retries])).toEqual([]);
  });
});
