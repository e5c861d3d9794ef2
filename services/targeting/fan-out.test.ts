import { deliveryIdFor, userDeliveryIdFor } from '../shared/contracts/message-ids';
import { createDeviceRenderer } from './device-renderer';
import { emptyPlan, isExpired, planBroadcastDevice, planDuplicate, planUser } from './fan-out';
import { notificationFromBroadcast } from './notification';
import { DEFAULT_PREFERENCES } from './preference-policy';
import { aDevice, aNotification, aUser } from './test-support/fixtures';
import { parseTemplate } from './templates/template-loader';

const catalog = new Map([
  ['hello', parseTemplate('hello', 'default_locale: en\nlocales: { en: { title: "Hi {{n}}", body: b }, de: { title: "Hallo {{n}}", body: b } }')],
]);
const android = aDevice({ deviceId: 'd-android' });
const ios = aDevice({ deviceId: 'd-ios', provider: 'APNS', platform: 'IOS', token: 'ab'.repeat(32), locale: 'de-AT' });
const web = aDevice({
  deviceId: 'd-web',
  provider: 'WEBPUSH',
  platform: 'WEB',
  token: 'https://push.example/sub/1',
  webpushKeys: { p256dh: 'p', auth: 'a' },
});

function plan(over: Parameters<typeof aNotification>[0], user = aUser({ devices: [android, ios, web] }), nowMs = 2000) {
  const n = aNotification(over);
  const p = emptyPlan();
  planUser(p, n, user, { render: createDeviceRenderer(n, catalog), nowMs });
  return p;
}

describe('planUser', () => {
  it('emits one delivery per active device, each rendered for its provider and locale', () => {
    const p = plan({ content: null, template: { id: 'hello', params: { n: 'Ann' }, locale: null }, priority: 'HIGH' });
    expect(p.receipts).toEqual([]);
    expect(p.deliveries.map((d) => [d.lane, d.delivery.provider, d.delivery.device_id])).toEqual([
      ['priority', 'FCM', 'd-android'],
      ['priority', 'APNS', 'd-ios'],
      ['priority', 'WEBPUSH', 'd-web'],
    ]);
    const [a, i, w] = p.deliveries.map((d) => d.delivery);
    expect(JSON.parse(a!.payload)).toMatchObject({ notification: { title: 'Hi Ann' } });
    expect(JSON.parse(i!.payload)).toMatchObject({ aps: { alert: { title: 'Hallo Ann' } } });
    expect(i).toMatchObject({ push_type: 'ALERT', apns_environment: 'PRODUCTION', webpush_keys: null });
    expect(w).toMatchObject({ webpush_keys: { p256dh: 'p', auth: 'a' }, push_type: null, apns_environment: null });
    expect(a).toMatchObject({
      delivery_id: deliveryIdFor('e1', 'd-android'),
      event_id: 'e1',
      broadcast_id: null,
      user_id: 'u1',
      app: 'default',
      attempt: 1,
      created_at: 1000,
      expires_at: 61_000,
      not_before: null,
    });
  });
  it('sends LOW traffic on the bulk lane and silent iOS pushes as BACKGROUND', () => {
    const p = plan({ priority: 'LOW', silent: true });
    expect(p.deliveries.every((d) => d.lane === 'bulk')).toBe(true);
    expect(p.deliveries[1]!.delivery.push_type).toBe('BACKGROUND');
  });
  it('records one user-level SUPPRESSED receipt with the reason', () => {
    const p = plan({}, aUser({ preferences: { ...DEFAULT_PREFERENCES, globalOptOut: true } }));
    expect(p.deliveries).toEqual([]);
    expect(p.notSent).toEqual(['OPTED_OUT']);
    expect(p.receipts[0]).toMatchObject({
      delivery_id: userDeliveryIdFor('e1', 'u1'),
      status: 'SUPPRESSED',
      reason: 'OPTED_OUT',
      device_id: null,
      provider: null,
      attempt: 0,
      event_at: 1000,
      occurred_at: 2000,
    });
  });
  it('records NO_DEVICES for a user without active devices', () => {
    expect(plan({}, aUser({ devices: [] })).receipts[0]).toMatchObject({ status: 'SUPPRESSED', reason: 'NO_DEVICES' });
  });
  it('records TTL_EXPIRED when the TTL ran out before targeting, but never for TTL 0', () => {
    expect(plan({}, aUser(), 62_000).receipts[0]).toMatchObject({ status: 'EXPIRED', reason: 'TTL_EXPIRED' });
    expect(plan({ ttl_seconds: 0 }, aUser(), 62_000).deliveries).toHaveLength(1);
    expect(isExpired(aNotification({ ttl_seconds: 0 }), 10 ** 12)).toBe(false);
  });
  it('records MESSAGE_REJECTED PAYLOAD_TOO_LARGE per device, and still sends to the others', () => {
    const body = 'x'.repeat(4070);
    const p = plan({ content: { title: 't', body, data: {}, image: null, deep_link: null, actions: [] } });
    // FCM counts only keys and values (fits), APNs counts the whole JSON (too big), Web Push 3993 (too big).
    expect(p.receipts.map((r) => [r.device_id, r.status, r.reason])).toEqual([
      ['d-ios', 'MESSAGE_REJECTED', 'PAYLOAD_TOO_LARGE'],
      ['d-web', 'MESSAGE_REJECTED', 'PAYLOAD_TOO_LARGE'],
    ]);
    expect(p.deliveries.map((d) => d.delivery.device_id)).toEqual(['d-android']);
  });
  it('gives deterministic receipt ids (a replay produces the same receipt)', () => {
    const user = aUser({ devices: [] });
    expect(plan({}, user).receipts[0]!.receipt_id).toBe(plan({}, user, 9999).receipts[0]!.receipt_id);
  });
});

describe('planBroadcastDevice', () => {
  const n = notificationFromBroadcast({
    broadcast_id: 'b1',
    app: null,
    segment: { apps: [], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: null },
    content: null,
    template: { id: 'hello', params: { n: 'all' }, locale: null },
    category: 'marketing',
    priority: 'HIGH',
    ttl_seconds: 60,
    throttle_per_second: null,
    created_at: 1,
  });
  it('puts broadcasts on the bulk lane whatever the priority', () => {
    const p = emptyPlan();
    planBroadcastDevice(p, n, android, DEFAULT_PREFERENCES, { render: createDeviceRenderer(n, catalog), nowMs: 5 });
    expect(p.deliveries[0]).toMatchObject({ lane: 'bulk', delivery: { broadcast_id: 'b1', event_id: 'b1' } });
  });
  it('records suppression per device', () => {
    const p = emptyPlan();
    planBroadcastDevice(p, n, ios, { ...DEFAULT_PREFERENCES, categoryOptOuts: ['marketing'] }, { render: createDeviceRenderer(n, catalog), nowMs: 5 });
    expect(p.receipts[0]).toMatchObject({ device_id: 'd-ios', provider: 'APNS', reason: 'CATEGORY_OPTED_OUT', broadcast_id: 'b1' });
  });
});

describe('planDuplicate', () => {
  it('records DEDUPLICATED', () => {
    const p = emptyPlan();
    planDuplicate(p, aNotification(), 'u1', 7);
    expect(p.receipts[0]).toMatchObject({ status: 'DEDUPLICATED', reason: 'DUPLICATE_EVENT', user_id: 'u1' });
  });
});
