import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { readRecords } from '../../test/helpers/kafka';
import { createAvroCodec } from '../shared/codec/avro-codec';
import { startApiHarness, uniqueUser, type ApiHarness } from './test-support/api-harness';
import { loadTestStack } from './test-support/test-stack-config';

// Broadcasts: create records the pending row and publishes the trigger; status shows the progress
// counters targeting maintains; cancel flips an unfinished broadcast and refuses a finished one.

let h: ApiHarness;
let auth: { authorization: string };
beforeAll(async () => {
  h = await startApiHarness();
  auth = { authorization: `Bearer ${await h.key('broadcast')}` };
});
afterAll(async () => h.close());

const create = (extra: Record<string, unknown> = {}) =>
  h.inject({
    method: 'POST',
    url: '/v1/broadcasts',
    headers: auth,
    // Scheduled far ahead: targeting workers of other tests sharing this database never claim it.
    payload: {
      segment: { platforms: ['ANDROID'], tags: ['beta'], locales: ['de'] },
      content: { title: 'Sale', body: '20% off' },
      throttle_per_second: 500,
      scheduled_at: '2999-01-01T00:00:00Z',
      ...extra,
    },
  });

it('records a pending broadcast and publishes its trigger', async () => {
  const response = await create();
  expect(response.statusCode).toBe(202);
  const { broadcast_id: id } = response.json();
  const row = (await h.pool.query('SELECT status, category, priority, throttle_per_second, segment FROM broadcasts WHERE id = $1', [id])).rows[0];
  expect(row).toMatchObject({ status: 'pending', category: 'marketing', priority: 'low', throttle_per_second: 500 });
  const status = await h.inject({ method: 'GET', url: `/v1/broadcasts/${id}`, headers: auth });
  expect(status.json()).toMatchObject({ status: 'pending', scheduled_at: '2999-01-01T00:00:00.000Z', progress: { targeted: 0 } });
  expect(row.segment).toMatchObject({ platforms: ['ANDROID'], tags: ['beta'], locales: ['de'], user_ids: null });
  const records = await readRecords(h.kafka, h.topics.triggers, { until: (r) => r.some((m) => m.key?.toString() === id) });
  const codec = createAvroCodec(new SchemaRegistry({ host: loadTestStack().registryUrl }));
  const trigger = await codec.decode(records.find((m) => m.key?.toString() === id)?.value);
  expect(trigger).toMatchObject({ broadcast_id: id, category: 'marketing', priority: 'LOW', throttle_per_second: 500, segment: { platforms: ['ANDROID'] } });
});

it('shows live progress and receipt counts', async () => {
  const { broadcast_id: id } = (await create()).json();
  await h.pool.query(
    `UPDATE broadcasts SET status = 'running', started_at = now(), targeted = 100, emitted = 60, suppressed = 5,
       suppressed_by_reason = '{"category_opted_out": 5}' WHERE id = $1`,
    [id],
  );
  await h.pool.query(
    `INSERT INTO receipts (occurred_at, receipt_id, delivery_id, event_id, broadcast_id, user_id, status, attempt, event_at)
     SELECT now(), 'r' || g, 'd' || g, $1, $1, 'u' || g, CASE WHEN g % 2 = 0 THEN 'accepted' ELSE 'token_dead' END, 1, now()
     FROM generate_series(1, 4) g`,
    [id],
  );
  const status = await h.inject({ method: 'GET', url: `/v1/broadcasts/${id}?include_receipts=true`, headers: auth });
  expect(status.statusCode).toBe(200);
  expect(status.json()).toMatchObject({
    status: 'running',
    progress: { targeted: 100, emitted: 60, suppressed: 5, suppressed_by_reason: { category_opted_out: 5 } },
    receipts: { ACCEPTED: 2, TOKEN_DEAD: 2 },
  });
});

it('cancels a pending broadcast once, then answers 409', async () => {
  const { broadcast_id: id } = (await create()).json();
  const cancelled = await h.inject({ method: 'POST', url: `/v1/broadcasts/${id}/cancel`, headers: auth });
  expect(cancelled.statusCode).toBe(200);
  expect(cancelled.json().status).toBe('cancelled');
  const again = await h.inject({ method: 'POST', url: `/v1/broadcasts/${id}/cancel`, headers: auth });
  expect(again.statusCode).toBe(409);
});

it('refuses a second broadcast with the same id and pages the listing', async () => {
  const id = `launch-${uniqueUser()}`;
  expect((await create({ broadcast_id: id })).statusCode).toBe(202);
  expect((await create({ broadcast_id: id })).statusCode).toBe(409);
  const first = await h.inject({ method: 'GET', url: '/v1/broadcasts?limit=1', headers: auth });
  expect(first.json().broadcasts).toHaveLength(1);
  const cursor = first.json().next_cursor;
  expect(typeof cursor).toBe('string');
  const second = await h.inject({ method: 'GET', url: `/v1/broadcasts?limit=1&cursor=${cursor}`, headers: auth });
  expect(second.json().broadcasts[0].broadcast_id).not.toBe(first.json().broadcasts[0].broadcast_id);
});
