import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

// The APNs provider token: an ES256 JWT {alg, kid} {iss: team id, iat}. Apple rejects a token older
// than an hour (ExpiredProviderToken) and one replaced more often than every 20 minutes
// (TooManyProviderTokenUpdates), so one token is signed and then reused by every request on every
// connection until it is `reuseMs` old. Signing happens at most once per reuse window; the hot path
// reads a cached string.

/** Apple's bounds on the age of a token before it is replaced, milliseconds. */
export const APNS_JWT_MIN_REFRESH_MS = 20 * 60_000;
export const APNS_JWT_MAX_AGE_MS = 60 * 60_000;

export interface ApnsJwtOptions {
  /** The .p8 key (PKCS#8 PEM) from the Apple developer account. */
  readonly keyPem: string;
  /** 10-character Key ID. */
  readonly keyId: string;
  /** 10-character Team ID. */
  readonly teamId: string;
  /** Age at which a token is replaced, ms; clamped into Apple's [20 min, 60 min) window. Default 50 min. */
  readonly reuseMs?: number;
  readonly clock: () => number;
}

export interface ApnsJwtSource {
  /** `bearer <jwt>` for the authorization header; signs a new token only when the current one is due. */
  authorization(): string;
  /**
   * APNs said ExpiredProviderToken: sign a new one, unless the current one is younger than 20 min
   * (then a new one would only earn TooManyProviderTokenUpdates, and the clocks disagree instead).
   */
  invalidate(): void;
  /** `iat` of the current token, epoch seconds (for tests and logs); null before the first one. */
  issuedAtSeconds(): number | null;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function createApnsJwtSource(options: ApnsJwtOptions): ApnsJwtSource {
  const key: KeyObject = createPrivateKey(options.keyPem);
  const reuseMs = Math.min(APNS_JWT_MAX_AGE_MS - 5 * 60_000, Math.max(APNS_JWT_MIN_REFRESH_MS, options.reuseMs ?? 50 * 60_000));
  const header = base64url(JSON.stringify({ alg: 'ES256', kid: options.keyId }));
  let current: { value: string; issuedAtMs: number } | null = null;

  const issue = (nowMs: number): string => {
    const iat = Math.floor(nowMs / 1000);
    const signingInput = `${header}.${base64url(JSON.stringify({ iss: options.teamId, iat }))}`;
    // JOSE wants the raw r||s signature (IEEE P1363), not DER.
    const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
    const value = `bearer ${signingInput}.${signature.toString('base64url')}`;
    current = { value, issuedAtMs: iat * 1000 };
    return value;
  };

  return {
    authorization() {
      const nowMs = options.clock();
      if (current !== null && nowMs - current.issuedAtMs < reuseMs) return current.value;
      return issue(nowMs);
    },
    invalidate() {
      if (current !== null && options.clock() - current.issuedAtMs >= APNS_JWT_MIN_REFRESH_MS) current = null;
    },
    issuedAtSeconds: () => (current === null ? null : current.issuedAtMs / 1000),
  };
}
