import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { countMessages, startApiHarness, uniqueUser, type ApiHarness } from './test-support/api-harness';

// A table of bad inputs: each is answered 4xx with a body naming the field, and nothing changes —
// no device or preference row for the user, no broadcast row, no message on the requests topic.

let h: ApiHarness;
let key: string;
beforeAll(async () => {
  h = await startApiHarness();
  key = await h.key('admin');
});
afterAll(async () => h.close());

const fcm = `${randomBytes(8).toString('hex')}:APA91b${randomBytes(100).toString('base64url')}`;
const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const goodKeys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
const endpoint = 'https://push.example.test/wpush/abc';
const content = { title: 'Hi', body: 'there' };
const withBadUtf8 = (before: string, after: string): Buffer => Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);

type Kind = 'device' | 'preferences' | 'send' | 'broadcast' | 'read';

interface BadInput {
  readonly name: string;
  readonly kind: Kind;
  readonly method: string;
  readonly url: (user: string) => string;
  readonly body?: (user: string, broadcastId: string) => unknown;
  readonly raw?: Buffer;
  readonly headers?: Record<string, string>;
  readonly field: string;
}

const device = (name: string, body: Record<string, unknown>, field: string): BadInput => ({
  name, kind: 'device', method: 'POST', url: (u) => `/v1/users/${u}/devices`, body: () => body, field,
});
const prefs = (name: string, method: 'PUT' | 'PATCH', body: unknown, field: string): BadInput => ({
  name, kind: 'preferences', method, url: (u) => `/v1/users/${u}/preferences`, body: () => body, field,
});
const sendWith = (name: string, patch: Record<string, unknown>, field: string, headers?: Record<string, string>): BadInput => ({
  name, kind: 'send', method: 'POST', url: () => '/v1/notifications',
  body: (u) => ({ user_ids: [u], category: 'chat', content, ...patch }), field, ...(headers ? { headers } : {}),
});
const broadcastWith = (name: string, patch: Record<string, unknown>, field: string): BadInput => ({
  name, kind: 'broadcast', method: 'POST', url: () => '/v1/broadcasts',
  body: (_u, id) => ({ broadcast_id: id, segment: {}, content, ...patch }), field,
});
const read = (name: string, url: string, field: string): BadInput => ({ name, kind: 'read', method: 'GET', url: () => url, field });

const CASES: readonly BadInput[] = [
  device('FCM token too short', { platform: 'ANDROID', token: 'abc' }, 'body.token'),
  device('FCM token with a space', { platform: 'ANDROID', token: `${fcm} x` }, 'body.token'),
  device('FCM token oversize', { platform: 'ANDROID', token: 'a'.repeat(5000) }, 'body.token'),
  device('APNs token not hex', { platform: 'IOS', token: 'zz'.repeat(32) }, 'body.token'),
  device('APNs token of odd length', { platform: 'IOS', token: `${'ab'.repeat(32)}a` }, 'body.token'),
  device('APNs token too short', { platform: 'IOS', token: 'ab'.repeat(8) }, 'body.token'),
  device('Web Push over http', { platform: 'WEB', subscription: { endpoint: 'http://push.example.test/x', keys: goodKeys } }, 'body.subscription.endpoint'),
  device('Web Push p256dh of 64 bytes', { platform: 'WEB', subscription: { endpoint, keys: { ...goodKeys, p256dh: randomBytes(64).toString('base64url') } } }, 'body.subscription.keys.p256dh'),
  device('Web Push p256dh in standard base64', { platform: 'WEB', subscription: { endpoint, keys: { ...goodKeys, p256dh: `${goodKeys.p256dh.slice(0, -2)}+/` } } }, 'body.subscription.keys.p256dh'),
  device('Web Push auth of 8 bytes', { platform: 'WEB', subscription: { endpoint, keys: { ...goodKeys, auth: randomBytes(8).toString('base64url') } } }, 'body.subscription.keys.auth'),
  device('Web Push without auth', { platform: 'WEB', subscription: { endpoint, keys: { p256dh: goodKeys.p256dh } } }, 'body.subscription.keys.auth'),
  device('Web Push with a token instead of a subscription', { platform: 'WEB', token: fcm }, 'body.subscription'),
  device('unknown platform', { platform: 'NOKIA', token: fcm }, 'body.platform'),
  device('unknown provider', { platform: 'ANDROID', provider: 'HMS', token: fcm }, 'body.provider'),
  device('APNs on Android', { platform: 'ANDROID', provider: 'APNS', token: 'ab'.repeat(32) }, 'body.provider'),
  device('platform of the wrong type', { platform: 7, token: fcm }, 'body.platform'),
  device('malformed locale', { platform: 'ANDROID', token: fcm, locale: 'english please' }, 'body.locale'),
  device('unknown time zone', { platform: 'ANDROID', token: fcm, time_zone: 'Mars/Olympus_Mons' }, 'body.time_zone'),
  device('unknown field', { platform: 'ANDROID', token: fcm, colour: 'blue' }, 'body.colour'),
  device('device_id not a UUID', { platform: 'ANDROID', token: fcm, device_id: '42' }, 'body.device_id'),
  device('SQL injection in app', { platform: 'ANDROID', token: fcm, app: "default'; DROP TABLE devices;--" }, 'body.app'),
  device('script injection in app_version', { platform: 'ANDROID', token: fcm, app_version: '<script>alert(1)</script>' }, 'body.app_version'),
  device('NUL character in token', { platform: 'ANDROID', token: `${fcm}\u0000` }, 'body.token'),
  { name: 'SQL injection in the user id', kind: 'device', method: 'POST', url: () => `/v1/users/${encodeURIComponent("x' OR '1'='1")}/devices`, body: () => ({ platform: 'ANDROID', token: fcm }), field: 'params.userId' },
  { name: 'invalid UTF-8 in locale', kind: 'device', method: 'POST', url: (u) => `/v1/users/${u}/devices`, raw: withBadUtf8(`{"platform":"ANDROID","token":"${fcm}","locale":"de`, '"}'), field: 'body.locale' },
  { name: 'malformed JSON', kind: 'device', method: 'POST', url: (u) => `/v1/users/${u}/devices`, raw: Buffer.from('{"platform": "ANDROID",'), field: 'body' },
  prefs('unknown time zone in quiet hours', 'PUT', { quiet_hours: { start: '22:00', end: '07:00', time_zone: 'Europe/Atlantis' } }, 'body.quiet_hours.time_zone'),
  prefs('quiet hours at 25:00', 'PUT', { quiet_hours: { start: '25:00', end: '07:00', time_zone: 'UTC' } }, 'body.quiet_hours.start'),
  prefs('script injection as a category', 'PUT', { category_opt_outs: ['<script>alert(1)</script>'] }, 'body.category_opt_outs[0]'),
  prefs('opted_out as a string', 'PATCH', { opted_out: 'yes' }, 'body.opted_out'),
  prefs('too many muted thread keys', 'PATCH', { muted_thread_keys: Array.from({ length: 1001 }, (_, i) => `t${i}`) }, 'body.muted_thread_keys'),
  prefs('an empty patch', 'PATCH', {}, 'body'),
  sendWith('no recipients', { user_ids: [] }, 'body.user_ids'),
  sendWith('SQL injection as a user id', { user_ids: ["1; DELETE FROM devices"] }, 'body.user_ids[0]'),
  sendWith('unknown priority', { priority: 'URGENT' }, 'body.priority'),
  sendWith('ttl as a string', { ttl_seconds: '100' }, 'body.ttl_seconds'),
  sendWith('content and template', { template: { id: 'welcome' } }, 'body.template'),
  sendWith('a number as a data value', { content: { ...content, data: { order: 42 } } }, 'body.content.data.order'),
  sendWith('an oversize title', { content: { ...content, title: 'x'.repeat(300) } }, 'body.content.title'),
  sendWith('an http image', { content: { ...content, image: 'http://img.example.test/a.png' } }, 'body.content.image'),
  sendWith('a bad Idempotency-Key', {}, 'header.idempotency-key', { 'idempotency-key': 'two words' }),
  { name: 'invalid UTF-8 in a title', kind: 'send', method: 'POST', url: () => '/v1/notifications', raw: withBadUtf8('{"user_ids":["u"],"category":"chat","content":{"title":"a', '","body":"b"}}'), field: 'body.content.title' },
  broadcastWith('unknown platform in the segment', { segment: { platforms: ['BLACKBERRY'] } }, 'body.segment.platforms[0]'),
  broadcastWith('a throttle of 0', { throttle_per_second: 0 }, 'body.throttle_per_second'),
  broadcastWith('last_seen_after not a date', { segment: { last_seen_after: 'yesterday' } }, 'body.segment.last_seen_after'),
  broadcastWith('no content', { content: undefined }, 'body.content'),
  read('a page size of 0', '/v1/receipts?user_id=u&limit=0', 'query.limit'),
  read('neither event nor user', '/v1/receipts', 'query.event_id'),
  read('a forged cursor', '/v1/dead-letters?cursor=bm90LWEtY3Vyc29y', 'query.cursor'),
  read('an unknown status', '/v1/dead-letters?status=zombie', 'query.status'),
];

async function state(kind: Kind, user: string, broadcastId: string): Promise<unknown> {
  switch (kind) {
    case 'device':
      return (await h.pool.query('SELECT count(*)::int AS n FROM devices WHERE user_id = $1 OR user_id LIKE $2', [user, "x'%"])).rows;
    case 'preferences':
      return (await h.pool.query('SELECT * FROM preferences WHERE user_id = $1', [user])).rows;
    case 'send':
      return countMessages(h.kafka, h.topics.requests);
    case 'broadcast':
      return (await h.pool.query('SELECT id FROM broadcasts WHERE id = $1', [broadcastId])).rows;
    case 'read':
      return null;
  }
}

it('has at least 30 cases', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

it.each(CASES.map((c) => [c.name, c] as const))('%s → 4xx naming the field, nothing written', async (_name, c) => {
  const user = uniqueUser();
  const broadcastId = randomUUID();
  const before = await state(c.kind, user, broadcastId);
  const response = await h.inject({
    method: c.method,
    url: c.url(user),
    headers: { authorization: `Bearer ${key}`, ...(c.headers ?? {}) },
    ...(c.raw !== undefined ? { rawBody: c.raw } : c.body !== undefined ? { payload: c.body(user, broadcastId) } : {}),
  });
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  const body = response.json();
  expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(c.field);
  expect(body.message).toContain(c.field);
  expect(await state(c.kind, user, broadcastId)).toEqual(before);
});
