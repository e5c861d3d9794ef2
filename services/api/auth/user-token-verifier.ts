import { createSecretKey } from 'node:crypto';
import { errors as joseErrors, importSPKI, jwtVerify, type KeyLike } from 'jose';
import type { JwtSettings } from '../config';

// Verifies the user JWTs apps present (HS256 shared secret or RS256 public key), checking signature,
// algorithm, issuer, audience, exp/nbf with a clock tolerance, and a non-empty `sub` (the user id).

export type UserTokenResult =
  | { readonly ok: true; readonly userId: string }
  | { readonly ok: false; readonly reason: 'expired' | 'invalid' | 'disabled' };

export interface UserTokenVerifier {
  verify(token: string): Promise<UserTokenResult>;
}

export async function createUserTokenVerifier(settings: JwtSettings, now: () => Date = () => new Date()): Promise<UserTokenVerifier> {
  if (settings.key === null) return { verify: () => Promise.resolve({ ok: false, reason: 'disabled' }) };
  const key: KeyLike =
    settings.algorithm === 'HS256'
      ? createSecretKey(Buffer.from(settings.key, 'utf8'))
      : await importSPKI(settings.key, 'RS256');
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [settings.algorithm],
          issuer: settings.issuer,
          audience: settings.audience,
          clockTolerance: settings.clockToleranceSeconds,
          currentDate: now(),
          requiredClaims: ['sub', 'exp'],
        });
        const sub = payload.sub;
        if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) return { ok: false, reason: 'invalid' };
        return { ok: true, userId: sub };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'invalid' };
      }
    },
  };
}
