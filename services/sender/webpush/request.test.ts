import { aDelivery } from '../test-support/deliveries';
import { pushServiceOrigin, topicOf, ttlSecondsLeft, urgencyOf } from './request';

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
});
