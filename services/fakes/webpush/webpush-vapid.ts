import { decodeJwt, p256PublicKeyFromRaw, verifyEs256 } from '../shared/es256';
import { webPushErrors, type WebPushError } from './webpush-errors';

/** Longest VAPID JWT lifetime the fake accepts, in seconds (RFC 8292 §2: 24 h). */
export const VAPID_MAX_LIFETIME_SECONDS = 86_400;

export interface VapidCredentials {
  jwt: string;
  /** base64url uncompressed P-256 public key from `k=`. */
  publicKey: string;
}

/** Signature-checked VAPID claims, independent of the time of use (so cacheable). */
export interface VapidClaims {
  publicKey: string;
  aud: unknown;
  exp: unknown;
  sub: unknown;
}

/**
 * `Authorization: vapid t=<jwt>, k=<key>` (RFC 8292 §3), or the draft form web-push still sends with
 * aesgcm: `Authorization: WebPush <jwt>` plus `Crypto-Key: p256ecdsa=<key>`. Null when absent.
 */
export function parseVapidAuthorization(authorization: string | undefined, cryptoKey?: string): VapidCredentials | null {
  if (!authorization) return null;
  const draft = /^webpush\s+(\S+)$/i.exec(authorization.trim());
  if (draft) {
    const publicKey = /(?:^|[;,\s])p256ecdsa=([A-Za-z0-9_-]+)/.exec(cryptoKey ?? '')?.[1];
    return publicKey ? { jwt: draft[1]!, publicKey } : null;
  }
  const match = /^vapid\s+(.*)$/i.exec(authorization.trim());
  if (!match) return null;
  const params = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const jwt = params.get('t');
  const publicKey = params.get('k');
  return jwt && publicKey ? { jwt, publicKey } : null;
}

/** Checks the JWT's ES256 signature with the `k=` key. */
export function checkVapidSignature(credentials: VapidCredentials): { ok: true; claims: VapidClaims } | { ok: false; error: WebPushError } {
  const key = p256PublicKeyFromRaw(Buffer.from(credentials.publicKey, 'base64url'));
  if (!key) return { ok: false, error: webPushErrors.invalidVapid('k= is not an uncompressed P-256 public key') };
  const jwt = decodeJwt(credentials.jwt);
  if (!jwt) return { ok: false, error: webPushErrors.invalidVapid('t= is not a JWT') };
  if (jwt.header.alg !== 'ES256') return { ok: false, error: webPushErrors.invalidVapid('VAPID JWT must be signed with ES256') };
  if (!verifyEs256(jwt, key)) return { ok: false, error: webPushErrors.invalidVapid('VAPID JWT signature does not verify with k=') };
  const { aud, exp, sub } = jwt.claims;
  return { ok: true, claims: { publicKey: credentials.publicKey, aud, exp, sub } };
}

/** Claim rules at the time of use: aud is this service's origin, 0 < exp - now ≤ 24 h, sub a contact. */
export function checkVapidClaims(claims: VapidClaims, origin: string, nowSeconds: number): WebPushError | null {
  if (claims.aud !== origin) return webPushErrors.invalidVapid(`VAPID aud must be ${origin}`);
  if (typeof claims.exp !== 'number') return webPushErrors.invalidVapid('VAPID exp is missing');
  if (claims.exp <= nowSeconds) return webPushErrors.invalidVapid('VAPID JWT has expired');
  if (claims.exp > nowSeconds + VAPID_MAX_LIFETIME_SECONDS) return webPushErrors.invalidVapid('VAPID exp is more than 24 hours ahead');
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) {
    return webPushErrors.invalidVapid('VAPID sub must be a mailto: or https: contact');
  }
  return null;
}
