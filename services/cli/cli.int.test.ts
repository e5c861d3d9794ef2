import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { createTestTopic, produceRaw, readRecords } from '../../test/helpers/kafka';
import { testEnv } from '../../test/helpers/env';
import { waitFor } from '../../test/helpers/wait-for';
import { herald, requireBuild, startApi, startHerald, type RunningApi } from './test-support/processes';

// The built `herald` binary against the built API process, real PostgreSQL and Kafka. Every command
// is run as a person or a script would: exit status, --json on stdout, messages on stderr.

const stack = testEnv();
const prefix = `c${randomBytes(4).toString('hex')}.`;
const baseEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  DATABASE_URL: stack.databaseUrl,
  KAFKA_BROKERS: stack.kafkaBrokers.join(','),
  SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
  HERALD_TOPIC_PREFIX: prefix,
  LOG_LEVEL: 'info',
};
const kafka = new Kafka({ clientId: 'cli-test', brokers: [...stack.kafkaBrokers], logLevel: 0 });
let pool: Pool;
let api: RunningApi;
let env: NodeJS.ProcessEnv;
const user = `cli-${randomBytes(5).toString('hex')}`;
const FAR_FUTURE = '2999-01-01T00:00:00Z';
const fcmToken = `${randomBytes(8).toString('hex')}:APA91b${randomBytes(100).toString('base64url')}`;

beforeAll(async () => {
  requireBuild();
  pool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  api = await startApi({ ...baseEnv, API_PORT: '0', JWT_SECRET: randomBytes(32).toString('hex') });
  const created = await herald(['keys', 'create', '--name', 'cli-test', '--scopes', 'admin', '--json'], baseEnv);
  expect(created.code).toBe(0);
  env = { ...baseEnv, HERALD_API_URL: api.url, HERALD_API_KEY: created.json().key };
});

afterAll(async () => {
  await api?.stop();
  await pool?.end();
});

describe('devices and preferences', () => {
  it('registers idempotently, lists masked, removes', async () => {
    const first = await herald(['devices', 'add', user, '--platform', 'android', '--token', fcmToken, '--locale', 'de-AT', '--json'], env);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ outcome: 'created', device: { platform: 'ANDROID', locale: 'de-AT' } });
    const again = await herald(['devices', 'add', user, '--platform', 'android', '--token', fcmToken, '--json'], env);
    expect(again.json()).toMatchObject({ outcome: 'refreshed', device: { device_id: first.json().device.device_id } });
    const listed = await herald(['devices', 'ls', user], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(first.json().device.device_id);
    expect(listed.stdout).not.toContain(fcmToken);
    const removed = await herald(['devices', 'rm', user, first.json().device.device_id, '--json'], env);
    expect(removed.code).toBe(0);
    expect((await herald(['devices', 'ls', user, '--json'], env)).json().devices).toEqual([]);
  });

  it('fails with exit 1 and names the bad field', async () => {
    const result = await herald(['devices', 'add', user, '--platform', 'IOS', '--token', 'not-hex'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('body.token');
    const json = await herald(['devices', 'add', user, '--platform', 'IOS', '--token', 'not-hex', '--json'], env);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('sets and gets preferences', async () => {
    const set = await herald(['prefs', 'set', user, '--category-opt-outs', 'marketing,promo', '--quiet-hours', '22:00-07:00@Europe/Berlin', '--json'], env);
    expect(set.code).toBe(0);
    const got = await herald(['prefs', 'get', user, '--json'], env);
    expect(got.json()).toMatchObject({ category_opt_outs: ['marketing', 'promo'], quiet_hours: { start: '22:00', end: '07:00', time_zone: 'Europe/Berlin' } });
    const human = await herald(['prefs', 'get', user], env);
    expect(human.stdout).toMatch(/category_opt_outs\s+\["marketing","promo"\]/);
  });
});

describe('sending and broadcasts', () => {
  it('sends once per idempotency key', async () => {
    const args = ['send', '--to', user, '--category', 'chat', '--title', 'Hi', '--body', 'there', '--data', 'room=42', '--idempotency-key', `k-${user}`, '--json'];
    const first = await herald(args, env);
    const second = await herald(args, env);
    expect(first.code).toBe(0);
    expect(second.json()).toEqual({ ...first.json(), replayed: true });
    const records = await readRecords(kafka, `${prefix}notifications.requests`, { until: (r) => r.some((m) => m.key?.toString() === first.json().event_id) });
    expect(records.filter((m) => m.key?.toString() === first.json().event_id)).toHaveLength(1);
  });

  it('creates a broadcast and --follow shows progress until it is done', async () => {
    const id = `cli-launch-${randomBytes(4).toString('hex')}`;
    // Scheduled far ahead so that targeting workers of other tests sharing the database leave it alone.
    const following = startHerald(['broadcast', 'create', '--id', id, '--users', user, '--title', 'Sale', '--body', 'Now', '--at', FAR_FUTURE, '--follow', '--interval-ms', '50', '--json'], env);
    await waitFor(async () => (await pool.query('SELECT 1 FROM broadcasts WHERE id = $1', [id])).rowCount === 1, { description: 'the broadcast row' });
    await pool.query(`UPDATE broadcasts SET status = 'running', targeted = 1, emitted = 1 WHERE id = $1`, [id]);
    await pool.query(
      `INSERT INTO receipts (occurred_at, receipt_id, delivery_id, event_id, broadcast_id, user_id, status, attempt, event_at)
       VALUES (now(), $1, 'd1', $2, $2, $3, 'accepted', 1, now())`,
      [`r-${id}`, id, user],
    );
    await pool.query(`UPDATE broadcasts SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);
    const result = await following.done;
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ broadcast_id: id, status: 'completed', progress: { targeted: 1, emitted: 1 }, receipts: { ACCEPTED: 1 } });
    const receipts = await herald(['receipts', '--event', id, '--json'], env);
    expect(receipts.json().receipts).toEqual([expect.objectContaining({ event_id: id, user_id: user, status: 'ACCEPTED' })]);
  });

  it('cancels a broadcast, and cancelling again fails', async () => {
    const created = await herald(['broadcast', 'create', '--users', user, '--title', 'T', '--body', 'B', '--at', FAR_FUTURE, '--json'], env);
    const id: string = created.json().broadcast_id;
    const cancelled = await herald(['broadcast', 'cancel', id, '--json'], env);
    expect({ code: cancelled.code, stderr: cancelled.stderr }).toEqual({ code: 0, stderr: '' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    const status = await herald(['broadcast', 'status', id], env);
    expect(status.stdout).toContain('cancelled');
    const again = await herald(['broadcast', 'cancel', id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('409');
  });
});

describe('dead letters', () => {
  it('lists, shows, replays the original bytes and discards', async () => {
    const topic = await createTestTopic(kafka, { partitions: 1 });
    const value = randomBytes(40);
    const stage = `cli-${randomBytes(3).toString('hex')}`;
    const insert = (offset: number) =>
      pool.query<{ id: string }>(
        `INSERT INTO dead_letters (stage, source_topic, source_partition, source_offset, key, value, reason_code, reason_message, failed_at, attempts)
         VALUES ($1, $2, 0, $3, $4, $5, 'DECODE_FAILED', 'bad magic byte', now(), 1) RETURNING id::text AS id`,
        [stage, topic, offset, Buffer.from('k'), value],
      );
    const [a, b] = [(await insert(1)).rows[0]!.id, (await insert(2)).rows[0]!.id];
    const listed = await herald(['dlq', 'ls', '--stage', stage, '--json'], env);
    expect((listed.json().dead_letters as { id: string }[]).map((d) => d.id)).toEqual([b, a]);
    const shown = await herald(['dlq', 'show', a, '--json'], env);
    expect(shown.json().value_base64).toBe(value.toString('base64'));
    const replayed = await herald(['dlq', 'replay', a, '--json'], env);
    expect(replayed.json()).toEqual({ replayed: [a], not_found: [], not_open: [] });
    const [record] = await readRecords(kafka, topic);
    expect(record!.value!.equals(value)).toBe(true);
    expect((await herald(['dlq', 'discard', b], env)).code).toBe(0);
    const none = await herald(['dlq', 'replay', b], env);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('not open');
  });
});

describe('keys, lag, stack and failures', () => {
  it('revokes a key, after which the API refuses it with 401', async () => {
    const created = (await herald(['keys', 'create', '--name', 'short-lived', '--scopes', 'devices:read', '--json'], baseEnv)).json();
    const withKey = { ...env, HERALD_API_KEY: created.key };
    expect((await herald(['devices', 'ls', user], withKey)).code).toBe(0);
    expect((await herald(['send', '--to', user, '--category', 'chat', '--title', 'x', '--body', 'y'], withKey)).stderr).toContain('403');
    const revoked = await herald(['keys', 'revoke', created.prefix, '--json'], baseEnv);
    expect(revoked.json().revoked_at).not.toBeNull();
    const refused = await herald(['devices', 'ls', user], withKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('401');
    const keys = await herald(['keys', 'ls', '--json'], baseEnv);
    expect(JSON.stringify(keys.json())).not.toContain(created.key);
  });

  it('reports consumer lag per group and partition from Kafka', async () => {
    const topic = await createTestTopic(kafka, { partitions: 2 });
    await produceRaw(kafka, topic, [0, 0, 0, 1].map((partition, i) => ({ partition, value: Buffer.from(`m${i}`) })));
    const group = `cli-lag-${randomBytes(3).toString('hex')}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: '1' }] });
    await admin.disconnect();
    const lag = await herald(['lag', '--group', group, '--json'], baseEnv);
    expect(lag.code).toBe(0);
    expect(lag.json()).toEqual({
      partitions: [
        { group, topic, partition: 0, committed: 1, high: 3, lag: 2 },
        { group, topic, partition: 1, committed: 1, high: 1, lag: 0 },
      ],
      total_lag: 2,
    });
  });

  it('stops a local stack that is not running without error', async () => {
    const result = await herald(['stack', 'down', '--json'], { ...baseEnv, HERALD_STACK_NAME: `cli-${randomBytes(3).toString('hex')}` });
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ stopped: true });
  });

  it('exits 2 with a clear message on a wrong command line, and 1 when the API is unreachable', async () => {
    const usage = await herald(['send', '--to', user], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--category <category>'");
    const badScope = await herald(['keys', 'create', '--name', 'x', '--scopes', 'root'], baseEnv);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('--scopes');
    const down = await herald(['devices', 'ls', user], { ...env, HERALD_API_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the API');
  });
});
