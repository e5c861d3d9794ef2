import type { NotificationRequest } from '../shared/contracts/messages';
import { waitFor } from '../../test/helpers/wait-for';
import { produceRaw } from '../../test/helpers/kafka';
import { createHarness, random, type Collected, type Harness } from './test-support/int-harness';
import { seedDevice, seedPreferences } from './test-support/seed';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startTargeting({ TARGETING_BROADCAST_WORKERS: '0' });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const request = (app: string, eventId: string, userIds: string[], over: Partial<NotificationRequest> = {}): NotificationRequest => ({
  event_id: eventId,
  app,
  user_ids: userIds,
  category: 'order',
  priority: 'HIGH',
  ttl_seconds: 3600,
  collapse_key: null,
  content: { title: 'Hello', body: 'World', data: { k: 'v' }, image: null, deep_link: null, actions: [] },
  template: null,
  silent: false,
  thread_key: null,
  source: 'int-test',
  created_at: Date.now(),
  ...over,
});

/**
 * Waits for a delivery of `eventId` to each device; returns them by device id. Delivery is at least
 * once (a produce retried after a broker hiccup re-sends the batch), so the set is checked, not a count.
 */
async function waitForDevices(eventId: string, deviceIds: readonly string[], description: string): Promise<Map<string, Collected>> {
  const byDevice = (): Map<string, Collected> => new Map(ofEvent(eventId, 'delivery').map((d) => [d.key ?? '', d]));
  await waitFor(() => deviceIds.every((id) => byDevice().has(id)), { description });
  return byDevice();
}

const ofEvent = (eventId: string, kind: 'delivery' | 'receipts'): Collected[] =>
  h.collected.filter((c) => (kind === 'receipts' ? c.topic === h.topics.receipts : c.topic.includes('.delivery.')) && c.value.event_id === eventId);

describe('targeting: notification requests', () => {
  it('fans a request out to every active device of the user, on per-provider priority topics, keyed by device', async () => {
    const app = random('app');
    const user = random('user');
    const android = await seedDevice(h.pool, { app, userId: user, provider: 'fcm', locale: 'de' });
    const ios = await seedDevice(h.pool, { app, userId: user, provider: 'apns' });
    const web = await seedDevice(h.pool, { app, userId: user, provider: 'webpush' });
    await seedDevice(h.pool, { app, userId: user, provider: 'fcm', active: false });
    await seedDevice(h.pool, { app: random('other-app'), userId: user, provider: 'fcm' });
    const eventId = random('event');
    await h.produce(h.topics['notifications.requests'], eventId, request(app, eventId, [user]));

    const byDevice = await waitForDevices(eventId, [android, ios, web], 'a delivery to each of the 3 devices');
    expect(byDevice.size).toBe(3);
    expect(byDevice.get(android)).toMatchObject({ topic: h.topics['delivery.fcm.priority'], value: { provider: 'FCM', app, user_id: user } });
    expect(byDevice.get(ios)).toMatchObject({ topic: h.topics['delivery.apns.priority'], value: { provider: 'APNS', apns_environment: 'SANDBOX', push_type: 'ALERT' } });
    expect(byDevice.get(web)).toMatchObject({ topic: h.topics['delivery.webpush.priority'], value: { provider: 'WEBPUSH', webpush_keys: { p256dh: 'BP256dh-key', auth: 'auth-secret' } } });
    expect(JSON.parse(byDevice.get(android)!.value.payload as string)).toMatchObject({
      notification: { title: 'Hello', body: 'World' },
      data: { k: 'v' },
      android: { priority: 'HIGH' },
    });
    expect(JSON.parse(byDevice.get(ios)!.value.payload as string)).toMatchObject({ aps: { alert: { title: 'Hello', body: 'World' } }, k: 'v' });
    expect(JSON.parse(byDevice.get(web)!.value.payload as string)).toMatchObject({ title: 'Hello', body: 'World', data: { k: 'v' } });
    expect(new Set(ofEvent(eventId, 'delivery').map((d) => d.value.delivery_id)).size).toBe(3);
  });

  it('records SUPPRESSED receipts with the reason for opted-out, push-disabled, muted and device-less users; CRITICAL passes a category opt-out', async () => {
    const app = random('app');
    const users = { optedOut: random('u'), disabled: random('u'), category: random('u'), muted: random('u'), none: random('u'), critical: random('u') };
    for (const user of Object.values(users)) if (user !== users.none) await seedDevice(h.pool, { app, userId: user, provider: 'fcm' });
    await seedPreferences(h.pool, users.optedOut, { globalOptOut: true });
    await seedPreferences(h.pool, users.disabled, { pushEnabled: false });
    await seedPreferences(h.pool, users.category, { categoryOptOuts: ['order'] });
    await seedPreferences(h.pool, users.muted, { mutedThreadKeys: ['thread-1'] });
    await seedPreferences(h.pool, users.critical, { categoryOptOuts: ['order'] });
    const eventId = random('event');
    const normal = [users.optedOut, users.disabled, users.category, users.muted, users.none];
    await h.produce(h.topics['notifications.requests'], eventId, request(app, eventId, normal, { thread_key: 'thread-1' }));
    const criticalEvent = random('event');
    await h.produce(h.topics['notifications.requests'], criticalEvent, request(app, criticalEvent, [users.critical], { priority: 'CRITICAL' }));

    await waitFor(() => new Set(ofEvent(eventId, 'receipts').map((r) => r.value.user_id)).size === 5, {
      description: 'a suppression receipt for each of the 5 users',
    });
    const receipts = ofEvent(eventId, 'receipts');
    const reasonOf = new Map(receipts.map((r) => [r.value.user_id, [r.value.status, r.value.reason]]));
    expect(Object.fromEntries(reasonOf)).toEqual({
      [users.optedOut]: ['SUPPRESSED', 'OPTED_OUT'],
      [users.disabled]: ['SUPPRESSED', 'PUSH_DISABLED'],
      [users.category]: ['SUPPRESSED', 'CATEGORY_OPTED_OUT'],
      [users.muted]: ['SUPPRESSED', 'THREAD_MUTED'],
      [users.none]: ['SUPPRESSED', 'NO_DEVICES'],
    });
    await waitFor(() => ofEvent(criticalEvent, 'delivery').length >= 1, { description: 'the CRITICAL delivery' });
    expect(ofEvent(eventId, 'delivery')).toEqual([]);
    expect(ofEvent(criticalEvent, 'delivery')[0]!.topic).toBe(h.topics['delivery.fcm.priority']);
  });

  it('emits an event once: a replay of the same event id records DEDUPLICATED and no second delivery', async () => {
    const app = random('app');
    const user = random('user');
    const devices = [await seedDevice(h.pool, { app, userId: user, provider: 'fcm' }), await seedDevice(h.pool, { app, userId: user, provider: 'apns' })];
    const eventId = random('event');
    const value = request(app, eventId, [user]);
    const topic = h.topics['notifications.requests'];
    await h.produce(topic, eventId, value);
    await waitForDevices(eventId, devices, 'first emission');
    const emittedBefore = ofEvent(eventId, 'delivery').length;
    await h.produce(topic, eventId, value);
    // A marker on the same key (same partition) is handled after the replay: once its delivery is
    // here, anything the replay emitted has been produced before it.
    const marker = random('marker');
    await h.produce(topic, eventId, request(app, marker, [user]));
    await waitForDevices(marker, devices, 'the marker delivered');
    const dedup = await waitFor(() => ofEvent(eventId, 'receipts').find((r) => r.value.status === 'DEDUPLICATED'), {
      description: 'a DEDUPLICATED receipt',
    });
    expect(dedup.value).toMatchObject({ user_id: user, reason: 'DUPLICATE_EVENT', device_id: null });
    expect(ofEvent(eventId, 'delivery')).toHaveLength(emittedBefore);
    const { rows } = await h.pool.query('SELECT emitted_at FROM dedup WHERE event_id = $1 AND user_id = $2', [eventId, user]);
    expect(rows[0].emitted_at).not.toBeNull();
  });

  it('re-emits a pair left pending by a crash (same delivery ids), and marks it emitted', async () => {
    const app = random('app');
    const user = random('user');
    const device = await seedDevice(h.pool, { app, userId: user, provider: 'fcm' });
    const eventId = random('event');
    // The state a crash between "claim" and "mark emitted" leaves behind.
    await h.pool.query('INSERT INTO dedup (event_id, user_id) VALUES ($1, $2)', [eventId, user]);
    await h.produce(h.topics['notifications.requests'], eventId, request(app, eventId, [user]));
    await waitForDevices(eventId, [device], 'the re-emitted delivery');
    await waitFor(
      async () => (await h.pool.query('SELECT 1 FROM dedup WHERE event_id = $1 AND emitted_at IS NOT NULL', [eventId])).rowCount === 1,
      { description: 'the pair marked emitted' },
    );
  });

  it('dead-letters garbage and an invalid request, and processes the next valid message', async () => {
    const app = random('app');
    const user = random('user');
    const webDevice = await seedDevice(h.pool, { app, userId: user, provider: 'webpush' });
    const topic = h.topics['notifications.requests'];
    await produceRaw(h.kafka, topic, [{ key: 'garbage', value: Buffer.from('definitely not avro') }]);
    const unknownTemplate = random('event');
    await h.produce(topic, unknownTemplate, request(app, unknownTemplate, [user], { content: null, template: { id: 'no-such-template', params: {}, locale: null } }));
    const eventId = random('event');
    await h.produce(topic, eventId, request(app, eventId, [user]));

    await waitForDevices(eventId, [webDevice], 'the valid request delivered');
    const deadLettersOfTopic = (): Collected[] => h.collected.filter((c) => c.topic === h.topics.deadletters && c.value.source_topic === topic);
    await waitFor(() => new Set(deadLettersOfTopic().map((d) => d.value.reason_code)).size === 2, { description: 'both dead letters from the requests topic' });
    const deadLetters = deadLettersOfTopic();
    expect([...new Set(deadLetters.map((d) => d.value.reason_code))].sort()).toEqual(['DECODE_FAILED', 'INVALID_MESSAGE']);
    expect(deadLetters.find((d) => d.value.reason_code === 'DECODE_FAILED')!.value).toMatchObject({
      stage: 'targeting',
      value: Buffer.from('definitely not avro'),
    });
  });

  it('maps an upstream OrderShipped event through config/rules.yaml to a localised, templated notification', async () => {
    const app = 'default';
    const user = random('shopper');
    const de = await seedDevice(h.pool, { app, userId: user, provider: 'fcm', locale: 'de-AT' });
    const en = await seedDevice(h.pool, { app, userId: user, provider: 'apns', locale: 'ja-JP' });
    const eventId = random('order-event');
    await h.produce(h.topics['shop.orders'], 'o-77', {
      event_id: eventId,
      order_id: 'o-77',
      user_id: user,
      carrier: 'DHL',
      tracking_url: 'https://track.example/77',
      occurred_at: Date.now(),
    });
    const deliveries = await waitForDevices(eventId, [de, en], 'the order-shipped deliveries');
    const byDevice = new Map([...deliveries].map(([key, d]) => [key, d.value]));
    expect(byDevice.get(de)).toMatchObject({ category: 'order', priority: 'HIGH', collapse_key: 'order-o-77', thread_key: 'order-o-77' });
    expect(JSON.parse(byDevice.get(de)!.payload as string)).toMatchObject({
      notification: { title: 'Deine Bestellung ist unterwegs', body: 'Bestellung o-77 wurde an DHL übergeben.' },
      data: { order_id: 'o-77', deep_link: 'shop://orders/o-77' },
    });
    expect(JSON.parse(byDevice.get(en)!.payload as string)).toMatchObject({ aps: { alert: { title: 'Your order is on its way' } } });
  });
});
