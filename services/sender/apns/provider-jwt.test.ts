import { generateKeyPairSync, verify } from 'node:crypto';
import { APNS_JWT_MIN_REFRESH_MS, createApnsJwtSource } from './provider-jwt';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const MINUTE = 60_000;
const T0 = Date.parse('2025-03-01T12:00:00Z');

function decode(authorization: string) {
  const [scheme, jwt] = authorization.split(' ');
  const [header, claims, signature] = jwt!.split('.');
  return {
    scheme,
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(claims!, 'base64url').toString()),
    valid: verify('sha256', Buffer.from(`${header}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url')),
  };
}

describe('APNs provider JWT', () => {
  it('signs an ES256 token with kid, iss and iat that verifies with the public key', () => {
    const source = createApnsJwtSource({ keyPem, keyId: 'KEY1234567', teamId: 'TEAM123456', clock: () => T0 });
    const token = decode(source.authorization());
    expect(token).toEqual({
      scheme: 'bearer',
      header: { alg: 'ES256', kid: 'KEY1234567' },
      claims: { iss: 'TEAM123456', iat: T0 / 1000 },
      valid: true,
    });
  });

  it('reuses one token for the whole reuse window, then replaces it', () => {
    let now = T0;
    const source = createApnsJwtSource({ keyPem, keyId: 'K', teamId: 'T', reuseMs: 50 * MINUTE, clock: () => now });
    const first = source.authorization();
    now = T0 + 49 * MINUTE;
    expect(source.authorization()).toBe(first);
    now = T0 + 50 * MINUTE;
    const second = source.authorization();
    expect(second).not.toBe(first);
    expect(decode(second).claims.iat).toBe((T0 + 50 * MINUTE) / 1000);
  });

  it.each([
    [1 * MINUTE, 20 * MINUTE],
    [90 * MINUTE, 55 * MINUTE],
  ])('clamps a reuse window of %i ms into Apple\'s bounds (%i ms)', (reuseMs, effectiveMs) => {
    let now = T0;
    const source = createApnsJwtSource({ keyPem, keyId: 'K', teamId: 'T', reuseMs, clock: () => now });
    const first = source.authorization();
    now = T0 + effectiveMs - 1;
    expect(source.authorization()).toBe(first);
    now = T0 + effectiveMs;
    expect(source.authorization()).not.toBe(first);
  });

  it('never replaces a token younger than 20 minutes, even when told it expired', () => {
    let now = T0;
    const source = createApnsJwtSource({ keyPem, keyId: 'K', teamId: 'T', clock: () => now });
    const first = source.authorization();
    now = T0 + APNS_JWT_MIN_REFRESH_MS - 1;
    source.invalidate();
    expect(source.authorization()).toBe(first);
    now = T0 + APNS_JWT_MIN_REFRESH_MS;
    source.invalidate();
    expect(source.authorization()).not.toBe(first);
  });
});
