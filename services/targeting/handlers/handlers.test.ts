import { Type } from 'avsc';
import { createLogger } from '../../shared/logger';
import type { HandlerContext, StageMessage } from '../../shared/kafka/stage-handler';
import type { NotificationJob } from '../notification-processor';
import { parseRules } from '../rules/rules-loader';
import { aRequest } from '../test-support/fixtures';
import { parseTemplate } from '../templates/template-loader';
import { createBroadcastTriggerHandler } from './broadcast-trigger-handler';
import { createDomainEventHandler, parseDomainEvent, type DecodedEvent } from './domain-event-handler';
import { createRequestHandler } from './request-handler';

const logger = createLogger('test', 'silent');
const context = { stage: 'targeting', topic: 't', partition: 0, attempt: 1, logger, heartbeat: () => Promise.resolve(), isRunning: () => true } as HandlerContext;
const catalog = new Map([['shipped', parseTemplate('shipped', 'default_locale: en\nlocales: { en: { title: "{{id}}", body: b } }')]]);
const message = <T>(value: T, offset: string, topic = 't'): StageMessage<T> => ({
  value,
  key: null,
  headers: {},
  topic,
  partition: 0,
  offset,
  timestampMs: 5,
});

describe('request handler', () => {
  it('processes valid requests together and rejects invalid ones with INVALID_MESSAGE', async () => {
    const jobs: NotificationJob[] = [];
    const handler = createRequestHandler((j) => Promise.resolve(jobs.push(...j)), catalog);
    const result = await handler(
      [
        message(aRequest({ event_id: 'a' }), '1'),
        message(aRequest({ user_ids: [] }), '2'),
        message(aRequest({ event_id: 'b', content: null, template: { id: 'missing', params: {}, locale: null } }), '3'),
        message(aRequest({ event_id: 'c', content: null, template: { id: 'shipped', params: {}, locale: null } }), '4'),
      ],
      context,
    );
    expect(jobs.map((j) => j.notification.eventId)).toEqual(['a', 'c']);
    expect(result && result.rejected?.map((r) => [r.offset, r.error.code])).toEqual([
      ['2', 'INVALID_MESSAGE'],
      ['3', 'INVALID_MESSAGE'],
    ]);
  });

  it('lets a processing failure propagate so the runner retries the batch', async () => {
    const handler = createRequestHandler(() => Promise.reject(new Error('db down')), catalog);
    await expect(handler([message(aRequest(), '1')], context)).rejects.toThrow('db down');
  });
});

describe('domain event handler', () => {
  const rules = parseRules(
    'rules: [{ name: shipped, topic: shop.orders, event_type: io.shop.OrderShipped, user_ids: user_id, category: order, template: shipped, params: { id: order_id } }]',
    catalog,
  );
  const shipped = Type.forSchema({
    type: 'record',
    name: 'OrderShipped',
    namespace: 'io.shop',
    fields: [
      { name: 'event_id', type: 'string' },
      { name: 'user_id', type: 'string' },
      { name: 'order_id', type: 'string' },
    ],
  });

  it('reads the writer schema name of a decoded record', () => {
    const decoded: unknown = shipped.fromBuffer(shipped.toBuffer({ event_id: 'e', user_id: 'u', order_id: 'o' }));
    expect(parseDomainEvent(decoded)).toMatchObject({ eventType: 'io.shop.OrderShipped', value: { event_id: 'e' } });
    expect(parseDomainEvent({ a: 1 }).eventType).toBeNull();
    expect(() => parseDomainEvent('x')).toThrow(/Avro record/);
  });

  it('maps matching events, skips others and rejects events a rule cannot map', async () => {
    const jobs: NotificationJob[] = [];
    const handler = createDomainEventHandler((j) => Promise.resolve(jobs.push(...j)), rules, catalog, logger);
    const event = (value: Record<string, unknown>, eventType = 'io.shop.OrderShipped'): DecodedEvent => ({ eventType, value });
    const result = await handler(
      [
        message(event({ event_id: 'e1', user_id: 'u1', order_id: 'o1' }), '1', 'shop.orders'),
        message(event({ event_id: 'e2', user_id: 'u1' }, 'io.shop.OrderCancelled'), '2', 'shop.orders'),
        message(event({ event_id: 'e3' }), '3', 'shop.orders'),
      ],
      context,
    );
    expect(jobs.map((j) => [j.notification.eventId, j.userIds])).toEqual([['e1', ['u1']]]);
    expect(jobs[0]!.notification.template).toEqual({ id: 'shipped', params: { id: 'o1' }, locale: null });
    expect(result && result.rejected?.map((r) => r.offset)).toEqual(['3']);
  });
});

describe('broadcast trigger handler', () => {
  it('records valid triggers, wakes the workers once, and rejects invalid ones', async () => {
    const recorded: string[] = [];
    let wakes = 0;
    const handler = createBroadcastTriggerHandler(
      { record: (t) => Promise.resolve(recorded.push(t.broadcast_id) === 1 ? 'created' : 'exists') },
      catalog,
      () => (wakes += 1),
    );
    const trigger = (id: string, template = 'shipped') => ({
      broadcast_id: id,
      app: null,
      segment: { apps: [], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: null },
      content: null,
      template: { id: template, params: {}, locale: null },
      category: 'marketing',
      priority: 'LOW' as const,
      ttl_seconds: 60,
      throttle_per_second: null,
      created_at: 1,
    });
    const result = await handler([message(trigger('b1'), '1'), message(trigger('b1'), '2'), message(trigger('b2', 'nope'), '3')], context);
    expect(recorded).toEqual(['b1', 'b1']);
    expect(wakes).toBe(1);
    expect(result && result.rejected?.map((r) => r.offset)).toEqual(['3']);
  });
});
