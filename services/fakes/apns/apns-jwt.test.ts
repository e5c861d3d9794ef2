import { generateKeyPairSync } from 'node:crypto';
import { signEs256 } from '../test-support/jwt';
import { checkProviderTokenAge, checkProviderTokenRefresh, checkProviderTokenSignature, DEFAULT_APNS_JWT_POLICY, type ApnsKey } from './apns-jwt';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const key: ApnsKey = { keyId: 'KEYID12345', teamId: 'TEAMID1234', publicKey: pair.publicKey };
const keys = new Map([[key.keyId, key]]);
const NOW = 1_800_000_000;
const bearer = (header: Record<string, unknown>, claims: Record<string, unknown>, signer = pair.privateKey) => `bearer ${signEs256(header, claims, signer)}`;

describe('APNs provider token', () => {
  it('accepts an ES256 token with a known kid and matching iss', () => {
    const check = checkProviderTokenSignature(bearer({ alg: 'ES256', kid: key.keyId }, { iss: key.teamId, iat: NOW }), keys);
    expect(check).toEqual({ ok: true, claims: { key, iat: NOW } });
  });

  it.each([
    ['no header', undefined, 'MissingProviderToken'],
    ['another scheme', 'basic abc', 'MissingProviderToken'],
    ['not a JWT', 'bearer abc.def', 'InvalidProviderToken'],
    ['unknown kid', bearer({ alg: 'ES256', kid: 'OTHERKEY00' }, { iss: key.teamId, iat: NOW }), 'InvalidProviderToken'],
    ['wrong team', bearer({ alg: 'ES256', kid: key.keyId }, { iss: 'OTHERTEAM0', iat: NOW }), 'InvalidProviderToken'],
    ['wrong alg', bearer({ alg: 'HS256', kid: key.keyId }, { iss: key.teamId, iat: NOW }), 'InvalidProviderToken'],
    ['no iat', bearer({ alg: 'ES256', kid: key.keyId }, { iss: key.teamId }), 'InvalidProviderToken'],
    ['another key signed it', bearer({ alg: 'ES256', kid: key.keyId }, { iss: key.teamId, iat: NOW }, other.privateKey), 'InvalidProviderToken'],
  ])('rejects %s', (_case, header, reason) => {
    expect(checkProviderTokenSignature(header, keys)).toEqual({ ok: false, reason });
  });

  it('expires tokens older than an hour and refuses tokens from the future', () => {
    const policy = DEFAULT_APNS_JWT_POLICY;
    expect(checkProviderTokenAge({ key, iat: NOW - 3600 }, NOW, policy)).toBeNull();
    expect(checkProviderTokenAge({ key, iat: NOW - 3601 }, NOW, policy)).toBe('ExpiredProviderToken');
    expect(checkProviderTokenAge({ key, iat: NOW + 3600 }, NOW, policy)).toBe('InvalidProviderToken');
  });

  it('refuses a new token on a connection less than 20 minutes after the last one', () => {
    const policy = DEFAULT_APNS_JWT_POLICY;
    expect(checkProviderTokenRefresh(undefined, NOW, policy)).toEqual({ ok: true, lastIat: NOW });
    expect(checkProviderTokenRefresh(NOW, NOW, policy)).toEqual({ ok: true, lastIat: NOW });
    expect(checkProviderTokenRefresh(NOW, NOW + 60, policy)).toEqual({ ok: false, reason: 'TooManyProviderTokenUpdates' });
    expect(checkProviderTokenRefresh(NOW, NOW + 1200, policy)).toEqual({ ok: true, lastIat: NOW + 1200 });
  });
});
