import { createECDH, randomBytes } from 'node:crypto';
import {
  checkApnsToken,
  checkFcmToken,
  checkWebPushSubscription,
  decodeBase64Url,
  maskDeviceToken,
  maskEndpoint,
} from './device-tokens';

const fcmToken = `dGVzdC1pbnN0YW5jZQ:APA91b${'x'.repeat(140)}`;
const apnsToken = 'a1'.repeat(32);

function browserKeys(): { p256dh: string; auth: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

describe('checkFcmToken', () => {
  it('accepts a registration token', () => {
    expect(checkFcmToken(fcmToken)).toEqual({ ok: true, value: fcmToken });
  });

  it.each([
    ['too short', 'abc:APA91b'],
    ['whitespace', `${fcmToken} x`],
    ['quote', `${fcmToken}'`],
    ['too long', 'a'.repeat(4097)],
  ])('refuses a token that is %s', (_why, token) => {
    const result = checkFcmToken(token);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.field).toBe('body.token');
  });
});

describe('checkApnsToken', () => {
  it('accepts hex and lower-cases it', () => {
    expect(checkApnsToken(apnsToken.toUpperCase())).toEqual({ ok: true, value: apnsToken });
  });

  it.each([
    ['not hex', 'zz'.repeat(32), 'hex string'],
    ['odd length', `${apnsToken}a`, 'even number'],
    ['too short', 'ab'.repeat(8), '32 to 100 bytes'],
    ['too long', 'ab'.repeat(101), '32 to 100 bytes'],
  ])('refuses a token that is %s', (_why, token, reason) => {
    const result = checkApnsToken(token);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.reason).toContain(reason);
  });
});

describe('checkWebPushSubscription', () => {
  const endpoint = 'https://push.example.test/wpush/v2/abc';

  it('accepts a browser subscription and strips base64 padding', () => {
    const keys = browserKeys();
    const result = checkWebPushSubscription({ endpoint, keys: { p256dh: keys.p256dh, auth: `${keys.auth}==` } });
    expect(result).toEqual({ ok: true, value: { endpoint, p256dh: keys.p256dh, auth: keys.auth } });
  });

  it('names each bad part', () => {
    const result = checkWebPushSubscription({
      endpoint: 'http://push.example.test/x',
      keys: { p256dh: randomBytes(64).toString('base64url'), auth: 'a+b/' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.field)).toEqual([
        'body.subscription.endpoint',
        'body.subscription.keys.p256dh',
        'body.subscription.keys.auth',
      ]);
    }
  });

  it.each([
    ['not a URL', 'push service'],
    ['https://user:pw@push.example.test/x', 'credentials'],
    [`https://push.example.test/${'a'.repeat(2100)}`, 'longer than'],
  ])('refuses endpoint %p', (bad, reason) => {
    const result = checkWebPushSubscription({ endpoint: bad, keys: browserKeys() });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.reason).toMatch(reason === 'push service' ? /not a URL/ : new RegExp(reason));
  });

  it('refuses a compressed point and a short auth secret', () => {
    const compressed = Buffer.concat([Buffer.from([0x02]), randomBytes(64)]).toString('base64url');
    const result = checkWebPushSubscription({ endpoint, keys: { p256dh: compressed, auth: randomBytes(8).toString('base64url') } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.reason)).toEqual([
        'must be an uncompressed P-256 point (first byte 0x04)',
        'the auth secret must decode to 16 bytes (got 8)',
      ]);
    }
  });
});

describe('decodeBase64Url', () => {
  it('refuses standard-alphabet base64 and impossible lengths', () => {
    expect(decodeBase64Url('ab+/')).toBeNull();
    expect(decodeBase64Url('abcde')).toBeNull();
    expect(decodeBase64Url('AQID')).toEqual(Buffer.from([1, 2, 3]));
  });
});

describe('masking', () => {
  it('keeps a token recognisable but unusable', () => {
    expect(maskDeviceToken(fcmToken)).toBe(`dGVzdC…xxxx`);
    expect(maskEndpoint('https://push.example.test/wpush/v2/abcdef')).toBe('https://push.example.test/…cdef');
  });
});
