import type { KeyObject } from 'node:crypto';
import { decodeJwt, verifyEs256 } from '../shared/es256';
import type { ApnsReason } from './apns-errors';

export interface ApnsKey {
  /** 10-character Key ID (JWT header `kid`). */
  keyId: string;
  /** 10-character Team ID (JWT claim `iss`). */
  teamId: string;
  publicKey: KeyObject;
  /** Bundle ids this key may push to; any topic when absent. */
  topics?: readonly string[];
}

export interface ApnsJwtPolicy {
  /** `iat` older than this many seconds → 403 ExpiredProviderToken (Apple: 1 h). */
  maxAgeSeconds: number;
  /** A new token on a connection sooner than this many seconds after the last → 429 (Apple: 20 min). */
  minRefreshIntervalSeconds: number;
  /** `iat` further than this many seconds in the future → InvalidProviderToken. */
  maxClockSkewSeconds: number;
}

export const DEFAULT_APNS_JWT_POLICY: ApnsJwtPolicy = { maxAgeSeconds: 3600, minRefreshIntervalSeconds: 1200, maxClockSkewSeconds: 300 };

/** Signature-checked claims of a provider token, independent of the time of use (so cacheable). */
export interface ProviderTokenClaims {
  key: ApnsKey;
  iat: number;
}

export type SignatureCheck = { ok: true; claims: ProviderTokenClaims } | { ok: false; reason: ApnsReason };

/** Parses `authorization: bearer <jwt>` and checks kid/iss/alg/signature against the known keys. */
export function checkProviderTokenSignature(
  authorization: string | undefined,
  keys: ReadonlyMap<string, ApnsKey>,
): SignatureCheck {
  if (!authorization) return { ok: false, reason: 'MissingProviderToken' };
  const match = /^bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { ok: false, reason: 'MissingProviderToken' };
  const jwt = decodeJwt(match[1]!);
  if (!jwt || jwt.header.alg !== 'ES256' || typeof jwt.header.kid !== 'string') return { ok: false, reason: 'InvalidProviderToken' };
  const key = keys.get(jwt.header.kid);
  const { iss, iat } = jwt.claims;
  if (!key || iss !== key.teamId || typeof iat !== 'number' || !Number.isInteger(iat)) {
    return { ok: false, reason: 'InvalidProviderToken' };
  }
  if (!verifyEs256(jwt, key.publicKey)) return { ok: false, reason: 'InvalidProviderToken' };
  return { ok: true, claims: { key, iat } };
}

/** Time rules on a verified token: too old, from the future. */
export function checkProviderTokenAge(claims: ProviderTokenClaims, nowSeconds: number, policy: ApnsJwtPolicy): ApnsReason | null {
  if (claims.iat > nowSeconds + policy.maxClockSkewSeconds) return 'InvalidProviderToken';
  if (nowSeconds - claims.iat > policy.maxAgeSeconds) return 'ExpiredProviderToken';
  return null;
}

/**
 * Refresh rule per connection: a token with a different `iat` than the last accepted one must be at
 * least `minRefreshIntervalSeconds` newer. Returns the `iat` to remember, or the 429 reason.
 */
export function checkProviderTokenRefresh(
  lastIat: number | undefined,
  iat: number,
  policy: ApnsJwtPolicy,
): { ok: true; lastIat: number } | { ok: false; reason: 'TooManyProviderTokenUpdates' } {
  if (lastIat === undefined || lastIat === iat) return { ok: true, lastIat: iat };
  if (Math.abs(iat - lastIat) < policy.minRefreshIntervalSeconds) return { ok: false, reason: 'TooManyProviderTokenUpdates' };
  return { ok: true, lastIat: iat };
}
