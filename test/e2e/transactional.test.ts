import { randomBytes } from 'node:crypto';
import { deliveryIdFor, userDeliveryIdFor } from '../../services/shared/contracts/message-ids';
import type { Delivery } from '../../services/shared/contracts/messages';
import { aBroadcastTrigger, aDeadLetter, aDelivery, aReceipt, aRequest, anOrderShipped } from './harness/inputs';
import { countBy, deadLettersFrom, deviceState, finalReceipts, receiptsOf, waitForReceipts, type ReceiptRow } from './harness/outcomes';
import { randomId, seedDevices, seedPreferences, type SeededDevice } from './harness/seed';
import { seedContextOf, usePipeline, withStageLogs } from './harness/use-pipeline';
import { waitFor } from '../helpers/wait-for';

// Transactional notifications through the whole pipeline: targeting, the three senders and feedback
// as processes, the fake gateways over TLS + HTTP/2, outcomes read back from PostgreSQL.

const pipeline = usePipeline('e2e-txn');

const uuidOf = (hex32: string): string =>
  `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`;

const byDevice = (rows: readonly ReceiptRow[], device: SeededDevice): ReceiptRow[] => rows.filter((r) => r.device_id === device.id);

describe('a domain event', () => {
  it('reaches every active device of its user on FCM, APNs and Web Push, each with its rendered payload', async () => {
    const p = pipeline();
    const user = randomId('user');
    const [fcmAndroid, fcmIos, apns, webpush, inactive] = await seedDevices(seedContextOf(p), [
      { userId: user, provider: 'fcm', locale: 'de-DE' },
      { userId: user, provider: 'fcm', platform: 'ios', locale: 'en' },
      { userId: user, provider: 'apns', locale: 'fr' },
      { userId: user, provider: 'webpush', locale: 'en-GB' },
      { userId: user, provider: 'fcm', locale: 'en', active: false },
    ]);
    const active = [fcmAndroid!, fcmIos!, apns!, webpush!];
    const event = anOrderShipped(user);
    const collapse = `order-${event.order_id}`;

    await p.publish(p.topics['shop.orders'], event, { key: event.order_id });
    const rows = await withStageLogs(p, () =>
      waitForReceipts(p.pool, event.event_id, (r) => r.filter((x) => x.status === 'accepted').length >= 4, 'an accepted receipt per active device'),
    );

    for (const device of active) {
      const receipts = byDevice(rows, device);
      expect(receipts).toEqual([
        expect.objectContaining({
          status: 'accepted',
          attempt: 1,
          user_id: user,
          provider: device.provider,
          delivery_id: deliveryIdFor(event.event_id, device.id),
          provider_message_id: expect.any(String),
        }),
      ]);
      expect(receipts[0]!.event_at.getTime()).toBe(event.occurred_at);
      expect(await p.fakes.received(device.provider, device.fakeToken)).toHaveLength(1);
    }
    expect(rows).toHaveLength(4);
    expect(await p.fakes.received('fcm', inactive!.fakeToken)).toEqual([]);

    const [android] = await p.fakes.received('fcm', fcmAndroid!.fakeToken);
    expect(android).toMatchObject({
      status: 200,
      payload: {
        token: fcmAndroid!.token,
        notification: { title: 'Deine Bestellung ist unterwegs', body: `Bestellung ${event.order_id} wurde an DHL übergeben.` },
        data: { order_id: event.order_id, tracking_url: event.tracking_url, deep_link: `shop://orders/${event.order_id}` },
        android: { priority: 'HIGH', collapseKey: collapse, notification: { tag: collapse } },
      },
    });
    expect(JSON.parse((android!.payload as { data: { actions: string } }).data.actions)).toEqual([
      { id: 'track', title: 'Sendung verfolgen', deep_link: event.tracking_url },
    ]);

    const [ios] = await p.fakes.received('fcm', fcmIos!.fakeToken);
    expect(ios).toMatchObject({
      status: 200,
      payload: {
        token: fcmIos!.token,
        notification: { title: 'Your order is on its way', body: `Order ${event.order_id} was handed to DHL.` },
        apns: { headers: { 'apns-priority': '10', 'apns-push-type': 'alert', 'apns-collapse-id': collapse }, payload: { aps: { 'thread-id': collapse } } },
      },
    });

    const [apple] = await p.fakes.received('apns', apns!.fakeToken);
    expect(apple).toMatchObject({
      status: 200,
      messageId: uuidOf(deliveryIdFor(event.event_id, apns!.id)),
      headers: {
        'apns-topic': p.credentials.apns.topic,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-collapse-id': collapse,
        'apns-id': uuidOf(deliveryIdFor(event.event_id, apns!.id)),
        'apns-expiration': String(Math.floor((event.occurred_at + 172_800_000) / 1000)),
      },
      payload: {
        order_id: event.order_id,
        aps: { alert: { title: 'Votre commande est en route', body: `La commande ${event.order_id} a été remise à DHL.` }, 'thread-id': collapse },
      },
    });

    const [browser] = await p.fakes.received('webpush', webpush!.fakeToken);
    expect(browser).toMatchObject({ status: 201, headers: { 'content-encoding': 'aes128gcm', urgency: 'high' } });
    expect(browser!.headers.authorization).toMatch(/^vapid t=/);
    expect(Number(browser!.headers.ttl)).toBeGreaterThan(172_000);
    expect(JSON.parse(browser!.payload as string)).toMatchObject({
      title: 'Your order is on its way',
      body: `Order ${event.order_id} was handed to DHL.`,
      data: { order_id: event.order_id, tracking_url: event.tracking_url },
      tag: collapse,
      actions: [{ action: 'track', title: 'Track parcel' }],
    });
  });
});

describe('preferences', () => {
  it('opted-out, push-disabled, muted and category-opted-out users get nothing, each with its reason; CRITICAL passes only a category opt-out', async () => {
    const p = pipeline();
    const thread = randomId('thread');
    const users = {
      optedOut: randomId('opted-out'),
      pushOff: randomId('push-off'),
      muted: randomId('muted'),
      marketingOff: randomId('marketing-off'),
      control: randomId('control'),
    };
    await seedPreferences(p.pool, users.optedOut, { globalOptOut: true });
    await seedPreferences(p.pool, users.pushOff, { pushEnabled: false });
    await seedPreferences(p.pool, users.muted, { mutedThreadKeys: [thread] });
    await seedPreferences(p.pool, users.marketingOff, { categoryOptOuts: ['marketing'] });
    const devices = await seedDevices(
      seedContextOf(p),
      Object.values(users).flatMap((userId) => [
        { userId, provider: 'fcm' as const },
        { userId, provider: 'webpush' as const },
      ]),
    );
    const devicesOf = (userId: string): SeededDevice[] => devices.filter((d) => d.userId === userId);

    const normal = aRequest(Object.values(users), { category: 'marketing', priority: 'NORMAL', thread_key: thread });
    const critical = aRequest([users.optedOut, users.pushOff, users.muted, users.marketingOff], {
      category: 'marketing',
      priority: 'CRITICAL',
      thread_key: thread,
    });
    await p.publish(p.topics['notifications.requests'], normal, { key: normal.event_id });
    await p.publish(p.topics['notifications.requests'], critical, { key: critical.event_id });

    const normalRows = await withStageLogs(p, () => waitForReceipts(p.pool, normal.event_id, (r) => r.length >= 6, '4 suppressions and 2 deliveries'));
    const criticalRows = await withStageLogs(p, () => waitForReceipts(p.pool, critical.event_id, (r) => r.length >= 5, '3 suppressions and 2 deliveries'));

    const suppressed = (eventId: string, userId: string, reason: string): unknown =>
      expect.objectContaining({
        user_id: userId,
        status: 'suppressed',
        reason,
        attempt: 0,
        device_id: null,
        delivery_id: userDeliveryIdFor(eventId, userId),
      });
    const accepted = (device: SeededDevice): unknown => expect.objectContaining({ device_id: device.id, status: 'accepted', attempt: 1 });

    expect(normalRows).toHaveLength(6);
    expect(normalRows).toEqual(
      expect.arrayContaining([
        suppressed(normal.event_id, users.optedOut, 'OPTED_OUT'),
        suppressed(normal.event_id, users.pushOff, 'PUSH_DISABLED'),
        suppressed(normal.event_id, users.muted, 'THREAD_MUTED'),
        suppressed(normal.event_id, users.marketingOff, 'CATEGORY_OPTED_OUT'),
        ...devicesOf(users.control).map(accepted),
      ]),
    );
    expect(criticalRows).toHaveLength(5);
    expect(criticalRows).toEqual(
      expect.arrayContaining([
        suppressed(critical.event_id, users.optedOut, 'OPTED_OUT'),
        suppressed(critical.event_id, users.pushOff, 'PUSH_DISABLED'),
        suppressed(critical.event_id, users.muted, 'THREAD_MUTED'),
        ...devicesOf(users.marketingOff).map(accepted),
      ]),
    );
    for (const userId of [users.optedOut, users.pushOff, users.muted]) {
      for (const device of devicesOf(userId)) expect(await p.fakes.received(device.provider, device.fakeToken)).toEqual([]);
    }
    for (const device of devicesOf(users.marketingOff)) expect(await p.fakes.received(device.provider, device.fakeToken)).toHaveLength(1);
  });
});

describe('de-duplication', () => {
  it('notifies once when the same domain event or request is published twice', async () => {
    const p = pipeline();
    const eventUser = randomId('user');
    const requestUser = randomId('user');
    const devices = await seedDevices(seedContextOf(p), [
      { userId: eventUser, provider: 'fcm' },
      { userId: eventUser, provider: 'webpush' },
      { userId: requestUser, provider: 'apns' },
    ]);
    const event = anOrderShipped(eventUser);
    const request = aRequest([requestUser]);
    for (let i = 0; i < 2; i += 1) {
      await p.publish(p.topics['shop.orders'], event, { key: event.order_id });
      await p.publish(p.topics['notifications.requests'], request, { key: request.event_id });
    }

    const settled = (accepted: number) => (rows: readonly ReceiptRow[]): boolean =>
      rows.some((r) => r.status === 'deduplicated') && rows.filter((r) => r.status === 'accepted').length >= accepted;
    const eventRows = await withStageLogs(p, () => waitForReceipts(p.pool, event.event_id, settled(2), 'two deliveries and the duplicate'));
    const requestRows = await withStageLogs(p, () => waitForReceipts(p.pool, request.event_id, settled(1), 'one delivery and the duplicate'));

    expect(countBy(eventRows, (r) => r.status)).toEqual({ accepted: 2, deduplicated: 1 });
    expect(countBy(requestRows, (r) => r.status)).toEqual({ accepted: 1, deduplicated: 1 });
    expect(eventRows.find((r) => r.status === 'deduplicated')).toMatchObject({
      user_id: eventUser,
      reason: 'DUPLICATE_EVENT',
      delivery_id: userDeliveryIdFor(event.event_id, eventUser),
    });
    for (const device of devices) expect(await p.fakes.received(device.provider, device.fakeToken)).toHaveLength(1);
  });
});

describe('dead tokens', () => {
  it('deactivates a device whose token the provider reports dead, and never sends to it again', async () => {
    const p = pipeline();
    const user = randomId('user');
    const [fcmDead, apnsDead, webpushDead, healthy] = await seedDevices(seedContextOf(p), [
      { userId: user, provider: 'fcm' },
      { userId: user, provider: 'apns' },
      { userId: user, provider: 'webpush' },
      { userId: user, provider: 'fcm' },
    ]);
    const dead = [fcmDead!, apnsDead!, webpushDead!];
    for (const device of dead) await p.fakes.markDead(device.provider, device.fakeToken);

    const first = aRequest([user]);
    await p.publish(p.topics['notifications.requests'], first, { key: first.event_id });
    const firstRows = await withStageLogs(p, () => waitForReceipts(p.pool, first.event_id, (r) => finalReceipts(r).length >= 4, 'four final outcomes'));
    expect(firstRows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ device_id: fcmDead!.id, status: 'token_dead', http_status: 404, reason: 'UNREGISTERED', attempt: 1 }),
        expect.objectContaining({ device_id: apnsDead!.id, status: 'token_dead', http_status: 410, reason: 'Unregistered', attempt: 1 }),
        expect.objectContaining({ device_id: webpushDead!.id, status: 'token_dead', http_status: 410, attempt: 1 }),
        expect.objectContaining({ device_id: healthy!.id, status: 'accepted', attempt: 1 }),
      ]),
    );
    expect(firstRows).toHaveLength(4);

    for (const device of dead) {
      const state = await waitFor(async () => {
        const s = await deviceState(p.pool, device.id);
        return s.active ? undefined : s;
      }, { description: `${device.provider} device ${device.id} deactivated`, timeoutMs: 30_000 });
      expect(state.deactivated_at).toBeInstanceOf(Date);
      expect(state.deactivation_reason).toMatch(/^token_dead/);
    }
    expect(await deviceState(p.pool, healthy!.id)).toMatchObject({ active: true, last_used_at: expect.any(Date) });

    const second = aRequest([user]);
    await p.publish(p.topics['notifications.requests'], second, { key: second.event_id });
    const secondRows = await withStageLogs(p, () => waitForReceipts(p.pool, second.event_id, (r) => r.length >= 1, 'the healthy device served'));
    expect(secondRows).toEqual([expect.objectContaining({ device_id: healthy!.id, status: 'accepted' })]);
    for (const device of dead) expect(await p.fakes.received(device.provider, device.fakeToken)).toHaveLength(1);
    expect(await p.fakes.received('fcm', healthy!.fakeToken)).toHaveLength(2);
    expect(await receiptsOf(p.pool, second.event_id)).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('garbage on any input topic goes to the dead letters with its original bytes, and every stage keeps going', async () => {
    const p = pipeline();
    const t = p.topics;
    // Every topic has at least three partitions: garbage, then one valid message, on the same one,
    // so the valid message can only be handled if the consumer moved past the garbage.
    const partition = 2;
    const garbage = [
      { kind: 'random bytes', value: Buffer.concat([Buffer.from([0xff]), randomBytes(40)]), reason: 'DECODE_FAILED' },
      { kind: 'unknown schema id', value: Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), randomBytes(24)]), reason: 'SCHEMA_NOT_FOUND' },
      { kind: 'tombstone', value: null, reason: 'DECODE_FAILED' },
    ];
    const seed = seedContextOf(p);
    const users = { request: randomId('user'), event: randomId('user'), direct: randomId('user') };
    const broadcastApp = randomId('app');
    const [requestDevice, eventDevice, broadcastDevice, fcm, apns, webpush] = await seedDevices(seed, [
      { userId: users.request, provider: 'fcm' },
      { userId: users.event, provider: 'apns' },
      { userId: randomId('user'), provider: 'webpush', app: broadcastApp },
      { userId: users.direct, provider: 'fcm' },
      { userId: users.direct, provider: 'apns' },
      { userId: users.direct, provider: 'webpush' },
    ]);

    const accepted = (eventId: string) => async (): Promise<boolean> =>
      (await receiptsOf(p.pool, eventId)).some((r) => r.status === 'accepted');
    const request = aRequest([users.request]);
    const event = anOrderShipped(users.event);
    const trigger = aBroadcastTrigger(broadcastApp);
    const receipt = aReceipt();
    const deadLetter = aDeadLetter();
    const direct = (device: SeededDevice, over: Partial<Delivery> = {}) => aDelivery(device, over);
    const deliveries = {
      fcmPriority: direct(fcm!),
      fcmBulk: direct(fcm!, { priority: 'LOW' }),
      fcmRetry: direct(fcm!, { attempt: 2, not_before: Date.now() }),
      apnsPriority: direct(apns!),
      apnsBulk: direct(apns!, { priority: 'LOW' }),
      apnsRetry: direct(apns!, { attempt: 2, not_before: Date.now() }),
      webpushPriority: direct(webpush!),
      webpushBulk: direct(webpush!, { priority: 'LOW' }),
      webpushRetry: direct(webpush!, { attempt: 2, not_before: Date.now() }),
    };
    const retryHeaders = (d: Delivery) => ({ 'herald-not-before': String(d.not_before) });
    const inputs = [
      { topic: t['notifications.requests'], stage: 'targeting', value: request, done: accepted(request.event_id) },
      { topic: t['broadcasts.triggers'], stage: 'targeting', value: trigger, done: accepted(trigger.broadcast_id) },
      { topic: t['shop.orders'], stage: 'targeting', value: event, done: accepted(event.event_id) },
      ...(['fcm', 'apns', 'webpush'] as const).flatMap((provider) => [
        { topic: t[`delivery.${provider}.priority`], stage: `sender-${provider}`, value: deliveries[`${provider}Priority`], done: accepted(deliveries[`${provider}Priority`].event_id) },
        { topic: t[`delivery.${provider}.bulk`], stage: `sender-${provider}`, value: deliveries[`${provider}Bulk`], done: accepted(deliveries[`${provider}Bulk`].event_id) },
        {
          topic: t[`retry.${provider}`],
          stage: `sender-${provider}`,
          value: deliveries[`${provider}Retry`],
          headers: retryHeaders(deliveries[`${provider}Retry`]),
          done: accepted(deliveries[`${provider}Retry`].event_id),
        },
      ]),
      { topic: t.receipts, stage: 'feedback', value: receipt, done: async () => (await receiptsOf(p.pool, receipt.event_id)).length === 1 },
      { topic: t.deadletters, stage: 'feedback', value: deadLetter, done: async () => (await deadLettersFrom(p.pool, deadLetter.source_topic)).length === 1 },
    ];

    for (const input of inputs) {
      await p.publishRaw(input.topic, garbage.map((g) => ({ key: 'garbage', value: g.value, partition })));
    }
    for (const input of inputs) {
      await p.publish(input.topic, input.value, { key: 'valid', partition, ...('headers' in input ? { headers: input.headers } : {}) });
    }

    await withStageLogs(p, () =>
      waitFor(
        async () => {
          const pending: string[] = [];
          for (const input of inputs) {
            const lettered = (await deadLettersFrom(p.pool, input.topic)).length;
            if (lettered < garbage.length || !(await input.done())) pending.push(`${input.topic} (${lettered} dead letters)`);
          }
          if (pending.length > 0) throw new Error(`still waiting for ${pending.join(', ')}`);
          return true;
        },
        { description: 'dead letters for all garbage and the valid message after it handled, on every input topic', timeoutMs: 90_000, intervalMs: 250 },
      ),
    );

    for (const input of inputs) {
      const letters = await deadLettersFrom(p.pool, input.topic);
      expect(letters.map((l) => ({ stage: l.stage, partition: l.source_partition, value: l.value.toString('hex'), reason: l.reason_code }))).toEqual(
        garbage.map((g) => ({ stage: input.stage, partition, value: (g.value ?? Buffer.alloc(0)).toString('hex'), reason: g.reason })),
      );
    }
    expect(await receiptsOf(p.pool, receipt.event_id)).toEqual([expect.objectContaining({ receipt_id: receipt.receipt_id, status: 'accepted' })]);
    for (const d of [deliveries.fcmRetry, deliveries.apnsRetry, deliveries.webpushRetry]) {
      expect(finalReceipts(await receiptsOf(p.pool, d.event_id))).toEqual([expect.objectContaining({ status: 'accepted', attempt: 2 })]);
    }
    expect(await receiptsOf(p.pool, trigger.broadcast_id)).toEqual([expect.objectContaining({ device_id: broadcastDevice!.id, status: 'accepted' })]);
    expect(await receiptsOf(p.pool, request.event_id)).toEqual([expect.objectContaining({ device_id: requestDevice!.id, status: 'accepted' })]);
    expect(await receiptsOf(p.pool, event.event_id)).toEqual([expect.objectContaining({ device_id: eventDevice!.id, status: 'accepted' })]);
    for (const stage of p.processes()) expect({ stage: stage.name, exit: stage.exit() }).toEqual({ stage: stage.name, exit: null });
  });
});
