import { aDelivery } from '../test-support/deliveries';
import { apnsHeaders, apnsIdOf, collapseIdOf, isApnsToken } from './request';

describe('apnsIdOf', () => {
  it('formats a 32-hex delivery id as a lowercase UUID and keeps UUIDs', () => {
    expect(apnsIdOf('0123456789ABCDEF0123456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(apnsIdOf('6F1C1D8E-3C1A-4D5E-9A56-2B3C4D5E6F70')).toBe('6f1c1d8e-3c1a-4d5e-9a56-2b3c4d5e6f70');
    expect(apnsIdOf('not-an-id')).toBeNull();
  });
});

describe('apnsHeaders', () => {
  it('sets every header from the delivery', () => {
    const delivery = aDelivery({
      provider: 'APNS',
      delivery_id: 'aaaaaaaabbbbccccddddeeeeeeeeeeee',
      token: 'ab12',
      priority: 'CRITICAL',
      push_type: 'ALERT',
      collapse_key: 'order-1',
      expires_at: 1_700_000_123_999,
    });
    expect(apnsHeaders(delivery, 'dev.herald.app', 'bearer x')).toEqual({
      ':method': 'POST',
      ':path': '/3/device/ab12',
      authorization: 'bearer x',
      'apns-topic': 'dev.herald.app',
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': '1700000123',
      'apns-id': 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      'apns-collapse-id': 'order-1',
      'content-type': 'application/json',
    });
  });

  it.each([
    ['BACKGROUND', 'CRITICAL', 'background', '5'],
    ['ALERT', 'NORMAL', 'alert', '5'],
    ['ALERT', 'LOW', 'alert', '5'],
    ['ALERT', 'HIGH', 'alert', '10'],
    [null, 'HIGH', 'alert', '10'],
  ] as const)('push type %s at %s → %s, priority %s', (pushType, priority, header, apnsPriority) => {
    const headers = apnsHeaders(aDelivery({ provider: 'APNS', push_type: pushType, priority }), 't', 'bearer x');
    expect(headers['apns-push-type']).toBe(header);
    expect(headers['apns-priority']).toBe(apnsPriority);
    expect(headers['apns-collapse-id']).toBeUndefined();
  });
});

describe('collapseIdOf and isApnsToken', () => {
  it('keeps a collapse key APNs accepts and digests any other into a stable one', () => {
    expect(collapseIdOf('order-1')).toBe('order-1');
    const long = collapseIdOf('x'.repeat(65));
    expect(long).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(collapseIdOf('x'.repeat(65))).toBe(long);
    expect(collapseIdOf('commande-😀')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts hex tokens of any length only', () => {
    expect(isApnsToken('ab12CD'.repeat(10))).toBe(true);
    expect(isApnsToken('not hex')).toBe(false);
    expect(isApnsToken('ab/cd')).toBe(false);
    expect(isApnsToken('')).toBe(false);
  });
});
