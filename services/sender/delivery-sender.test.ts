import { Registry } from 'prom-client';
import { createLogger } from '../shared/logger';
import { createDeliverySender } from './delivery-sender';
import { createProviderGate } from './provider-gate';
import { createSenderMetrics } from './sender-metrics';
import { createStubGateway } from './stub/client';
import { createStubRouter } from './stub/router';
import { DEFAULT_STUB_SETTINGS } from './stub/settings';
import { aDelivery } from './test-support/deliveries';

function setup(maxAttempts = 3) {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const gate = createProviderGate(clock);
  const gateway = createStubGateway({ clock, maxPayloadBytes: 100 });
  const client = createStubRouter({ settings: DEFAULT_STUB_SETTINGS, gateway, gate, clock });
  const registry = new Registry();
  const metrics = createSenderMetrics(registry);
  const sender = createDeliverySender({
    client,
    gate,
    policy: { maxAttempts, baseDelayMs: 1_000, maxDelayMs: 8_000 },
    clock,
    random: () => 0.5,
    metrics,
    logger: createLogger('test', 'silent'),
  });
  return { sender, gateway, registry, now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('delivery sender', () => {
  it('turns an accepted answer into an ACCEPTED receipt with the provider message id', async () => {
    const t = setup();
    const delivery = aDelivery({}, t.now());
    const result = await t.sender.send(delivery, 'urgent');
    expect(result.retry).toBeNull();
    expect(result.deadLetter).toBeNull();
    expect(result.receipt).toMatchObject({
      delivery_id: delivery.delivery_id,
      status: 'ACCEPTED',
      provider_message_id: 'stub-1',
      http_status: 200,
      attempt: 1,
      event_at: delivery.created_at,
      occurred_at: t.now(),
    });
    expect(await t.registry.getSingleMetricAsString('herald_delivery_outcomes_total')).toContain('status="accepted"');
  });

  it('reports a dead token once, without retrying', async () => {
    const t = setup();
    const delivery = aDelivery({}, t.now());
    t.gateway.markDead(delivery.token);
    const result = await t.sender.send(delivery, 'urgent');
    expect(result).toMatchObject({ receipt: { status: 'TOKEN_DEAD', reason: 'http_410' }, retry: null });
    expect(t.gateway.received(delivery.token)).toHaveLength(1);
  });

  it('schedules a retry (next attempt, not_before) with a RETRY_SCHEDULED receipt on a 5xx', async () => {
    const t = setup();
    t.gateway.failNext(1, 503);
    const delivery = aDelivery({}, t.now());
    const result = await t.sender.send(delivery, 'urgent');
    expect(result.receipt).toMatchObject({ status: 'RETRY_SCHEDULED', attempt: 1, http_status: 503 });
    expect(result.retry).toEqual({ ...delivery, attempt: 2, not_before: t.now() + 500 });
  });

  it('gives up with FAILED and a dead letter when the attempts are used', async () => {
    const t = setup(2);
    t.gateway.failNext(1, 500);
    const result = await t.sender.send(aDelivery({ attempt: 2 }, t.now()), 'urgent');
    expect(result.receipt).toMatchObject({ status: 'FAILED', attempt: 2 });
    expect(result.retry).toBeNull();
    expect(result.deadLetter).toContain('gave up after 2 attempts');
  });

  it('expires without a request once the TTL passed', async () => {
    const t = setup();
    const delivery = aDelivery({ expires_at: t.now() - 1 }, t.now() - 10);
    const result = await t.sender.send(delivery, 'urgent');
    expect(result.receipt).toMatchObject({ status: 'EXPIRED', reason: 'ttl_expired', http_status: null });
    expect(t.gateway.requests()).toBe(0);
  });

  it('after a 429 with Retry-After, sends nothing to the provider until it elapses', async () => {
    const t = setup();
    t.gateway.throttle(3_000);
    const first = await t.sender.send(aDelivery({}, t.now()), 'urgent');
    expect(first.receipt).toMatchObject({ status: 'RETRY_SCHEDULED', http_status: 429 });
    expect(first.retry?.not_before).toBe(t.now() + 3_000);

    t.advance(2_999);
    const held = aDelivery({}, t.now());
    const second = await t.sender.send(held, 'urgent');
    expect(second.receipt).toBeNull();
    expect(second.retry).toMatchObject({ attempt: 1 });
    expect(second.retry!.not_before!).toBeGreaterThanOrEqual(t.now() + 1);
    expect(t.gateway.requests()).toBe(1);

    t.advance(1);
    expect((await t.sender.send(aDelivery({}, t.now()), 'urgent')).receipt).toMatchObject({ status: 'ACCEPTED' });
  });

  it('never sends a message that is not due yet', async () => {
    const t = setup();
    const delivery = aDelivery({ not_before: t.now() + 10_000 }, t.now());
    const result = await t.sender.send(delivery, 'urgent');
    expect(result).toEqual({ receipt: null, retry: delivery, deadLetter: null });
    expect(t.gateway.requests()).toBe(0);
  });
});
