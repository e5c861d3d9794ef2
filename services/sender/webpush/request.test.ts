import { createECDH, randomBytes } from 'node:crypto';
import { aDelivery } from '../test-support/deliveries';
import { generateRequestDetails } from 'web-push';
import { pushServiceOrigin, topicOf, ttlSecondsLeft, urgencyOf, webPushHeaders } from './request';

describe('web push request parts', () => {
  it('maps priority to Urgency', () => {
    expect(['LOW', 'NORMAL', 'HIGH', 'CRITICAL'].map((p) => urgencyOf(p as 'LOW'))).toEqual(['low', 'normal', 'high', 'high']);
  });

  it('sends the TTL left, never negative', () => {
    const now = 1_700_000_000_000;
    expect(ttlSecondsLeft(aDelivery({ expires_at: now + 90_999 }), now)).toBe(90);
    expect(ttlSecondsLeft(aDelivery({ expires_at: now - 5 }), now)).toBe(0);
  });

  it('keeps a valid Topic and digests any other collapse key into a stable valid one', () => {
    expect(topicOf(null)).toBeNull();
    expect(topicOf('order-12_34')).toBe('order-12_34');
    const digested = topicOf('order 12345 / shipped, with a long key')!;
    expect(digested).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(topicOf('order 12345 / shipped, with a long key')).toBe(digested);
  });

  it('derives the push service origin from https endpoints only', () => {
    expect(pushServiceOrigin('https://push.example:8443/push/abc')).toBe('https://push.example:8443');
    expect(pushServiceOrigin('http://push.example/push/abc')).toBeNull();
    expect(pushServiceOrigin('not a url')).toBeNull();
  });

  it('sends the headers web-push sends for an aes128gcm push with VAPID', () => {
    const ecdh = createECDH('prime256v1');
    const ua = { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    const library = generateRequestDetails({ endpoint: 'https://push.example/1', keys: ua }, 'hello', {
      TTL: 120,
      urgency: 'high',
      topic: 'order-1',
      headers: { Authorization: 'vapid t=x.y.z, k=abc' },
    });

    const ours = webPushHeaders({ ttlSeconds: 120, urgency: 'high', topic: 'order-1', authorization: 'vapid t=x.y.z, k=abc', bodyBytes: library.body.length });

    const lowerCased = Object.fromEntries(Object.entries(library.headers).map(([name, value]) => [name.toLowerCase(), value]));
    expect(ours).toEqual(lowerCased);
  });

  it('sends no content type or coding for a push without payload, and no Topic without one', () => {
    expect(webPushHeaders({ ttlSeconds: 0, urgency: 'normal', topic: null, authorization: 'vapid t=a, k=b', bodyBytes: 0 })).toEqual({
      ttl: 0,
      authorization: 'vapid t=a, k=b',
      'content-length': 0,
      urgency: 'normal',
    });
  });
});
