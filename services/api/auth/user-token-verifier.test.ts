import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import type { JwtSettings } from '../config';
import { createUserTokenVerifier } from './user-token-verifier';

const secret = 's'.repeat(32);
const hs: JwtSettings = { algorithm: 'HS256', key: secret, issuer: 'herald', audience: 'herald-api', clockToleranceSeconds: 5 };
const now = new Date('2030-01-01T00:00:00Z');
const nowSeconds = now.getTime() / 1000;

function sign(claims: Record<string, unknown>, key: Uint8Array = Buffer.from(secret), alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
}

const good = { sub: 'user-1', iss: 'herald', aud: 'herald-api', exp: nowSeconds + 60 };

describe('user token verifier', () => {
  it('accepts a valid HS256 token and returns the subject', async () => {
    const verifier = await createUserTokenVerifier(hs, () => now);
    await expect(verifier.verify(await sign(good))).resolves.toEqual({ ok: true, userId: 'user-1' });
  });

  it.each([
    ['wrong issuer', { ...good, iss: 'other' }, 'invalid'],
    ['wrong audience', { ...good, aud: 'other' }, 'invalid'],
    ['no subject', { ...good, sub: undefined }, 'invalid'],
    ['no exp', { ...good, exp: undefined }, 'invalid'],
    ['expired', { ...good, exp: nowSeconds - 60 }, 'expired'],
  ])('refuses a token with %s', async (_why, claims, reason) => {
    const verifier = await createUserTokenVerifier(hs, () => now);
    await expect(verifier.verify(await sign(claims))).resolves.toEqual({ ok: false, reason });
  });

  it('refuses a token signed with another secret and garbage', async () => {
    const verifier = await createUserTokenVerifier(hs, () => now);
    await expect(verifier.verify(await sign(good, Buffer.from('x'.repeat(32))))).resolves.toEqual({ ok: false, reason: 'invalid' });
    await expect(verifier.verify('not.a.jwt')).resolves.toEqual({ ok: false, reason: 'invalid' });
  });

  it('verifies RS256 with the public key and refuses an HS256 token signed with the PEM text', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verifier = await createUserTokenVerifier({ ...hs, algorithm: 'RS256', key: pem }, () => now);
    const rs = await new SignJWT(good).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await expect(verifier.verify(rs)).resolves.toEqual({ ok: true, userId: 'user-1' });
    await expect(verifier.verify(await sign(good, Buffer.from(pem)))).resolves.toEqual({ ok: false, reason: 'invalid' });
  });

  it('is disabled without a key', async () => {
    const verifier = await createUserTokenVerifier({ ...hs, key: null });
    await expect(verifier.verify(await sign(good))).resolves.toEqual({ ok: false, reason: 'disabled' });
  });
});
