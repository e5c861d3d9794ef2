import { randomBytes } from 'node:crypto';
import { createTestTopic, readRecords } from '../../test/helpers/kafka';
import { REPLAY_HEADER } from './stores/dead-letter-store';
import { startApiHarness, type ApiHarness } from './test-support/api-harness';

// Dead letters: replay puts the ORIGINAL key and value bytes back on their source topic (compared byte
// for byte), with their headers; a replayed or discarded one is not replayed again.

let h: ApiHarness;
let auth: { authorization: string };
beforeAll(async () => {
  h = await startApiHarness();
  auth = { authorization: `Bearer ${await h.key('admin')}` };
});
afterAll(async () => h.close());

async function insertDeadLetter(topic: string, stage = 'targeting', reason = 'DECODE_FAILED'): Promise<{ id: string; key: Buffer; value: Buffer }> {
  // Not valid UTF-8 or Avro on purpose: whatever the bytes were, they must come back unchanged.
  const key = Buffer.concat([Buffer.from('evt-'), randomBytes(6)]);
  const value = Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07, 0xff, 0xfe]), randomBytes(64)]);
  const result = await h.pool.query<{ id: string }>(
    `INSERT INTO dead_letters (stage, source_topic, source_partition, source_offset, key, value, headers, reason_code,
                               reason_message, failed_at, attempts)
     VALUES ($1, $2, 0, $3, $4, $5, $6, $7, 'corrupt body', now(), 1) RETURNING id::text AS id`,
    [stage, topic, Math.floor(Math.random() * 1e9), key, value, JSON.stringify({ traceparent: '00-abc-01' }), reason],
  );
  return { id: result.rows[0]!.id, key, value };
}

it('replays the original bytes to the source topic and marks the dead letter replayed', async () => {
  const topic = await createTestTopic(h.kafka, { partitions: 1 });
  const dl = await insertDeadLetter(topic);
  const response = await h.inject({ method: 'POST', url: `/v1/dead-letters/${dl.id}/replay`, headers: auth });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ replayed: [dl.id], not_found: [], not_open: [] });
  const [record] = await readRecords(h.kafka, topic);
  expect(record!.key!.equals(dl.key)).toBe(true);
  expect(record!.value!.equals(dl.value)).toBe(true);
  expect(record!.headers.traceparent?.toString()).toBe('00-abc-01');
  expect(record!.headers[REPLAY_HEADER]?.toString()).toBe(dl.id);
  const row = (await h.pool.query('SELECT status, replayed_at FROM dead_letters WHERE id = $1', [dl.id])).rows[0];
  expect(row.status).toBe('replayed');
  expect(row.replayed_at).toBeInstanceOf(Date);
  const again = await h.inject({ method: 'POST', url: `/v1/dead-letters/${dl.id}/replay`, headers: auth });
  expect(again.statusCode).toBe(409);
});

it('replays many at once and reports the missing and the not-open ones', async () => {
  const topic = await createTestTopic(h.kafka, { partitions: 1 });
  const [a, b, c] = [await insertDeadLetter(topic), await insertDeadLetter(topic), await insertDeadLetter(topic)];
  expect((await h.inject({ method: 'POST', url: `/v1/dead-letters/${c.id}/discard`, headers: auth })).statusCode).toBe(204);
  const response = await h.inject({ method: 'POST', url: '/v1/dead-letters/replay', headers: auth, payload: { ids: [a.id, b.id, c.id, '999999999999'] } });
  expect(response.json()).toEqual({ replayed: [a.id, b.id], not_found: ['999999999999'], not_open: [c.id] });
  const records = await readRecords(h.kafka, topic, { until: (r) => r.length >= 2 });
  expect(records.map((r) => r.value!.toString('hex')).sort()).toEqual([a.value.toString('hex'), b.value.toString('hex')].sort());
});

it('lists with stage and reason filters, pages, and shows one with its bytes', async () => {
  const stage = `stage-${randomBytes(4).toString('hex')}`;
  const topic = await createTestTopic(h.kafka, { partitions: 1 });
  const first = await insertDeadLetter(topic, stage, 'INVALID_MESSAGE');
  const second = await insertDeadLetter(topic, stage, 'INVALID_MESSAGE');
  await insertDeadLetter(topic, stage, 'DECODE_FAILED');
  const page1 = await h.inject({ method: 'GET', url: `/v1/dead-letters?stage=${stage}&reason=INVALID_MESSAGE&limit=1`, headers: auth });
  expect((page1.json().dead_letters as { id: string }[]).map((d) => d.id)).toEqual([second.id]);
  const page2 = await h.inject({ method: 'GET', url: `/v1/dead-letters?stage=${stage}&reason=INVALID_MESSAGE&limit=1&cursor=${page1.json().next_cursor}`, headers: auth });
  expect(page2.json()).toMatchObject({ dead_letters: [{ id: first.id, reason_code: 'INVALID_MESSAGE', value_bytes: first.value.length }], next_cursor: null });
  const shown = await h.inject({ method: 'GET', url: `/v1/dead-letters/${first.id}`, headers: auth });
  expect(Buffer.from(shown.json().value_base64 as string, 'base64').equals(first.value)).toBe(true);
  expect(shown.json().headers).toEqual({ traceparent: '00-abc-01' });
});
