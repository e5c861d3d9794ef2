import type { NotificationContent } from '../../shared/contracts/messages';
import { renderApnsPayload } from './apns-payload';
import { renderFcmMessage } from './fcm-payload';
import { fcmPayloadBytes, PAYLOAD_LIMIT_BYTES } from './payload-size';
import type { RenderInput } from './render-input';
import { renderPayload } from './render-payload';
import { renderWebPushPayload } from './webpush-payload';

const content: NotificationContent = {
  title: 'Shipped',
  body: 'Order 42',
  data: { order_id: '42' },
  image: 'https://img.example/p.png',
  deep_link: 'https://shop.example/o/42',
  actions: [{ id: 'track', title: 'Track', deep_link: null }],
};
const input = (over: Partial<RenderInput> = {}): RenderInput => ({
  content,
  silent: false,
  priority: 'HIGH',
  category: 'order',
  platform: 'ANDROID',
  ttlSeconds: 3600,
  collapseKey: 'order-42',
  threadKey: 'thread-9',
  createdAt: 1_700_000_000_000,
  ...over,
});

describe('FCM v1 message', () => {
  it('renders notification, string data and the android block', () => {
    expect(renderFcmMessage(input())).toEqual({
      notification: { title: 'Shipped', body: 'Order 42', image: 'https://img.example/p.png' },
      data: { order_id: '42', deep_link: 'https://shop.example/o/42', actions: JSON.stringify(content.actions) },
      android: { priority: 'HIGH', ttl: '3600s', collapse_key: 'order-42', notification: { tag: 'thread-9' } },
      fcm_options: { analytics_label: 'order' },
    });
  });
  it('renders a silent push as data-only', () => {
    const m = renderFcmMessage(input({ silent: true, priority: 'LOW' }));
    expect(m.notification).toBeUndefined();
    expect(m.android).toEqual({ priority: 'NORMAL', ttl: '3600s', collapse_key: 'order-42' });
  });
  it('adds APNs headers for iOS devices through FCM, background for silent', () => {
    expect(renderFcmMessage(input({ platform: 'IOS' })).apns).toEqual({
      headers: { 'apns-priority': '10', 'apns-push-type': 'alert', 'apns-expiration': '1700003600', 'apns-collapse-id': 'order-42' },
      payload: { aps: { sound: 'default', 'thread-id': 'thread-9', 'mutable-content': 1 } },
    });
    expect(renderFcmMessage(input({ platform: 'IOS', silent: true })).apns).toMatchObject({
      headers: { 'apns-priority': '5', 'apns-push-type': 'background' },
      payload: { aps: { 'content-available': 1 } },
    });
  });
  it('gives iOS devices through FCM an absolute apns-expiration: event time + TTL, or 0 for a TTL of 0', () => {
    const headersOf = (over: Partial<RenderInput>) => (renderFcmMessage(input({ platform: 'IOS', ...over })).apns as { headers: Record<string, string> }).headers;
    expect(headersOf({ createdAt: 1_700_000_000_999, ttlSeconds: 60 })['apns-expiration']).toBe('1700000060');
    expect(headersOf({ ttlSeconds: 0 })['apns-expiration']).toBe('0');
  });
  it('adds webpush headers and an https link for web devices through FCM', () => {
    expect(renderFcmMessage(input({ platform: 'WEB', priority: 'NORMAL' })).webpush).toEqual({
      headers: { Urgency: 'normal', TTL: '3600' },
      fcm_options: { link: 'https://shop.example/o/42' },
    });
  });
  it('sanitises the analytics label', () => {
    expect(renderFcmMessage(input({ category: 'new order!' })).fcm_options).toEqual({ analytics_label: 'new_order_' });
  });
});

describe('APNs payload', () => {
  it('renders aps alert with thread, image and custom keys', () => {
    expect(renderApnsPayload(input({ priority: 'CRITICAL' }))).toEqual({
      order_id: '42',
      deep_link: 'https://shop.example/o/42',
      image: 'https://img.example/p.png',
      actions: content.actions,
      aps: {
        alert: { title: 'Shipped', body: 'Order 42' },
        sound: 'default',
        'thread-id': 'thread-9',
        'mutable-content': 1,
        'interruption-level': 'time-sensitive',
      },
    });
  });
  it('renders a silent push as content-available only, and never lets data overwrite aps', () => {
    const silent = renderApnsPayload(input({ silent: true, content: { ...content, data: { aps: 'x', k: 'v' } } }));
    expect(silent).toEqual({ k: 'v', deep_link: 'https://shop.example/o/42', aps: { 'content-available': 1 } });
  });
});

describe('Web Push payload', () => {
  it('renders Notification API options', () => {
    expect(renderWebPushPayload(input())).toEqual({
      title: 'Shipped',
      body: 'Order 42',
      data: { order_id: '42', deep_link: 'https://shop.example/o/42' },
      timestamp: 1_700_000_000_000,
      image: 'https://img.example/p.png',
      tag: 'order-42',
      actions: [{ action: 'track', title: 'Track' }],
    });
  });
  it('renders a silent push as data only', () => {
    expect(renderWebPushPayload(input({ silent: true }))).toEqual({ silent: true, data: { order_id: '42', deep_link: 'https://shop.example/o/42' } });
  });
});

describe('size limits', () => {
  const big = (bytes: number): RenderInput => input({ content: { ...content, body: 'x'.repeat(bytes) } });
  it.each(['FCM', 'APNS', 'WEBPUSH'] as const)('%s: accepts under the limit, rejects over it with PAYLOAD_TOO_LARGE', (provider) => {
    expect(renderPayload(provider, input()).ok).toBe(true);
    const r = renderPayload(provider, big(PAYLOAD_LIMIT_BYTES[provider]));
    expect(r).toMatchObject({ ok: false, reason: 'PAYLOAD_TOO_LARGE', limitBytes: PAYLOAD_LIMIT_BYTES[provider] });
  });
  it('counts FCM payload bytes the way FCM does (keys and values, not the envelope)', () => {
    expect(fcmPayloadBytes({ notification: { title: 'ab' }, data: { k: 'v' }, android: { priority: 'HIGH' } })).toBe(9);
  });
  it('counts multi-byte characters as bytes', () => {
    const r = renderPayload('APNS', big(0));
    const euro = renderPayload('APNS', input({ content: { ...content, body: '€'.repeat(1400) } }));
    expect(r.ok && !euro.ok).toBe(true);
  });
  it('returns the JSON it measured', () => {
    const r = renderPayload('WEBPUSH', input());
    expect(r.ok && JSON.parse(r.json)).toMatchObject({ title: 'Shipped' });
  });
});
