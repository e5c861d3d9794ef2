import { createECDH, createPrivateKey } from 'node:crypto';
import { signEs256 } from '../test-support/jwt';
import { checkVapidClaims, checkVapidSignature, parseVapidAuthorization } from './webpush-vapid';

const ORIGIN = 'https://127.0.0.1:4445';
const NOW = 1_800_000_000;
const vapid = createECDH('prime256v1');
vapid.generateKeys();
const publicKey = vapid.getPublicKey().toString('base64url');
const privateKey = createPrivateKey({
  key: { kty: 'EC', crv: 'P-256', d: vapid.getPrivateKey().toString('base64url'), x: vapid.getPublicKey().subarray(1, 33).toString('base64url'), y: vapid.getPublicKey().subarray(33).toString('base64url') },
  format: 'jwk',
});
const jwt = (claims: Record<string, unknown>) => signEs256({ typ: 'JWT', alg: 'ES256' }, claims, privateKey);
const good = { aud: ORIGIN, exp: NOW + 12 * 3600, sub: 'mailto:ops@example.com' };

describe('VAPID', () => {
  it('parses the vapid scheme with t= and k=', () => {
    expect(parseVapidAuthorization('vapid t=a.b.c, k=KEY')).toEqual({ jwt: 'a.b.c', publicKey: 'KEY' });
    expect(parseVapidAuthorization('vapid t=a.b.c,k=KEY')).toEqual({ jwt: 'a.b.c', publicKey: 'KEY' });
    expect(parseVapidAuthorization('WebPush a.b.c')).toBeNull();
    expect(parseVapidAuthorization('WebPush a.b.c', 'dh=abc;p256ecdsa=KEY')).toEqual({ jwt: 'a.b.c', publicKey: 'KEY' });
    expect(parseVapidAuthorization(undefined)).toBeNull();
  });

  it('accepts a JWT signed with the k= key and valid claims', () => {
    const check = checkVapidSignature({ jwt: jwt(good), publicKey });
    expect(check.ok).toBe(true);
    if (check.ok) expect(checkVapidClaims(check.claims, ORIGIN, NOW)).toBeNull();
  });

  it('rejects a signature made with another key', () => {
    const other = createECDH('prime256v1');
    other.generateKeys();
    const check = checkVapidSignature({ jwt: jwt(good), publicKey: other.getPublicKey().toString('base64url') });
    expect(check).toMatchObject({ ok: false, error: { status: 403, errno: 109 } });
  });

  it.each([
    ['aud without the port', { ...good, aud: 'https://127.0.0.1' }],
    ['an expired JWT', { ...good, exp: NOW - 1 }],
    ['exp more than 24 h ahead', { ...good, exp: NOW + 86_401 }],
    ['no sub', { aud: ORIGIN, exp: NOW + 60 }],
  ])('rejects %s with 403', (_case, claims) => {
    const check = checkVapidSignature({ jwt: jwt(claims), publicKey });
    if (!check.ok) throw new Error('signature should verify');
    expect(checkVapidClaims(check.claims, ORIGIN, NOW)).toMatchObject({ status: 403, reason: 'InvalidVapid' });
  });
});
