import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { readRecords } from '../../test/helpers/kafka';
import { createAvroCodec } from '../shared/codec/avro-codec';
import { countMessages, startApiHarness, uniqueUser, type ApiHarness } from './test-support/api-harness';
import { loadTestStack } from './test-support/test-stack-config';

// Sending: the canonical NotificationRequest lands on the requests topic, keyed by event id, and an
// Idempotency-Key makes a retried request return the same event id without a second message.

let h: ApiHarness;
let key: string;
beforeAll(async () => {
  h = await startApiHarness();
  key = await h.key('send');
});
afterAll(async () => h.close());

const body = (users: string[]) => ({
  user_ids: users,
  category: 'order',
  priority: 'HIGH',
  ttl_seconds: 600,
  content: { title: 'Shipped', body: 'Your order is on its way', data: { order_id: 'o-1' } },
  thread_key: 'order:o-1',
});

it('publishes one Avro NotificationRequest per send, keyed by the event id it returns', async () => {
  const users = [uniqueUser(), uniqueUser()];
  const response = await h.inject({ method: 'POST', url: '/v1/notifications', headers: { authorization: `Bearer ${key}` }, payload: body(users) });
  expect(response.statusCode).toBe(202);
  const { event_id: eventId } = response.json();
  const records = await readRecords(h.kafka, h.topics.requests, { until: (r) => r.some((m) => m.key?.toString() === eventId) });
  const record = records.find((m) => m.key?.toString() === eventId);
  const codec = createAvroCodec(new SchemaRegistry({ host: loadTestStack().registryUrl }));
  const decoded = await codec.decode(record?.value);
  expect(decoded).toMatchObject({
    event_id: eventId,
    app: 'default',
    user_ids: users,
    category: 'order',
    priority: 'HIGH',
    ttl_seconds: 600,
    content: { title: 'Shipped', body: 'Your order is on its way', data: { order_id: 'o-1' }, image: null, actions: [] },
    template: null,
    thread_key: 'order:o-1',
    silent: false,
  });
});

it('answers a replayed Idempotency-Key with the same event id and publishes exactly one message', async () => {
  const headers = { authorization: `Bearer ${key}`, 'idempotency-key': `k-${uniqueUser()}` };
  const payload = body([uniqueUser()]);
  const before = await countMessages(h.kafka, h.topics.requests);
  const answers = await Promise.all([1, 2, 3].map(() => h.inject({ method: 'POST', url: '/v1/notifications', headers, payload })));
  const again = await h.inject({ method: 'POST', url: '/v1/notifications', headers, payload });
  const all = [...answers, again].map((a) => a.json() as { event_id: string; replayed: boolean });
  expect(new Set(all.map((a) => a.event_id)).size).toBe(1);
  expect(all.filter((a) => a.replayed === false)).toHaveLength(1);
  expect(await countMessages(h.kafka, h.topics.requests)).toBe(before + 1);
  const records = await readRecords(h.kafka, h.topics.requests, { until: (r) => r.some((m) => m.key?.toString() === all[0]!.event_id) });
  expect(records.filter((m) => m.key?.toString() === all[0]!.event_id)).toHaveLength(1);
});

it('refuses the same Idempotency-Key with a different body (422) and publishes nothing', async () => {
  const headers = { authorization: `Bearer ${key}`, 'idempotency-key': `k-${uniqueUser()}` };
  await h.inject({ method: 'POST', url: '/v1/notifications', headers, payload: body([uniqueUser()]) });
  const before = await countMessages(h.kafka, h.topics.requests);
  const response = await h.inject({ method: 'POST', url: '/v1/notifications', headers, payload: body([uniqueUser()]) });
  expect(response.statusCode).toBe(422);
  expect(response.json().errors[0].field).toBe('header.idempotency-key');
  expect(await countMessages(h.kafka, h.topics.requests)).toBe(before);
});

it('scopes Idempotency-Keys to the caller: two keys with the same value are two notifications', async () => {
  const other = await h.key('send');
  const idem = `k-${uniqueUser()}`;
  const payload = body([uniqueUser()]);
  const a = await h.inject({ method: 'POST', url: '/v1/notifications', headers: { authorization: `Bearer ${key}`, 'idempotency-key': idem }, payload });
  const b = await h.inject({ method: 'POST', url: '/v1/notifications', headers: { authorization: `Bearer ${other}`, 'idempotency-key': idem }, payload });
  expect(a.json().event_id).not.toBe(b.json().event_id);
});
