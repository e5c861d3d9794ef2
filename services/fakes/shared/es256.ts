import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Splits a compact JWS and parses its JSON parts; null when it is not three base64url JSON parts. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, c, s] = parts as [string, string, string];
  const header = parseJsonObject(h);
  const claims = parseJsonObject(c);
  if (!header || !claims || !/^[A-Za-z0-9_-]+$/.test(s)) return null;
  return { header, claims, signingInput: `${h}.${c}`, signature: Buffer.from(s, 'base64url') };
}

/** ES256: ECDSA P-256 with SHA-256, signature as raw r||s (64 bytes), as JWS requires. */
export function verifyEs256(jwt: DecodedJwt, key: KeyObject): boolean {
  if (jwt.signature.length !== 64) return false;
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
  } catch {
    return false;
  }
}

/** A P-256 public key from its uncompressed point (65 bytes, 0x04 || x || y); null if malformed. */
export function p256PublicKeyFromRaw(raw: Buffer): KeyObject | null {
  if (raw.length !== 65 || raw[0] !== 0x04) return null;
  try {
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: raw.subarray(1, 33).toString('base64url'),
        y: raw.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return null;
  }
}

function parseJsonObject(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
