import type { FieldProblem } from '../api-errors';

// Pure validators of what each provider calls a device address. Each returns the normalised value or
// the problems found, naming the field (relative to the request body) and the reason.

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: FieldProblem[] };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(field: string, reason: string): Checked<T> => ({ ok: false, problems: [{ field, reason }] });

/** FCM registration tokens: URL-safe text, real ones ~150-200 chars (`<instance id>:APA91b...`). */
const FCM_TOKEN = /^[A-Za-z0-9_\-:.]+$/;
export const FCM_TOKEN_MIN_CHARS = 32;
export const FCM_TOKEN_MAX_CHARS = 4096;

export function checkFcmToken(token: string, field = 'body.token'): Checked<string> {
  if (token.length < FCM_TOKEN_MIN_CHARS || token.length > FCM_TOKEN_MAX_CHARS) {
    return bad(field, `an FCM registration token has ${FCM_TOKEN_MIN_CHARS} to ${FCM_TOKEN_MAX_CHARS} characters`);
  }
  if (!FCM_TOKEN.test(token)) return bad(field, 'an FCM registration token only has letters, digits and - _ : .');
  return ok(token);
}

/**
 * APNs device tokens: hex (32 bytes today; Apple says not to assume a fixed length, so 32-100 bytes).
 * Normalised to lower case so the same token registered in either case is one device.
 */
const HEX = /^[0-9a-fA-F]+$/;
export const APNS_TOKEN_MIN_BYTES = 32;
export const APNS_TOKEN_MAX_BYTES = 100;

export function checkApnsToken(token: string, field = 'body.token'): Checked<string> {
  if (!HEX.test(token)) return bad(field, 'an APNs device token is a hex string');
  if (token.length % 2 !== 0) return bad(field, 'an APNs device token has an even number of hex digits');
  const bytes = token.length / 2;
  if (bytes < APNS_TOKEN_MIN_BYTES || bytes > APNS_TOKEN_MAX_BYTES) {
    return bad(field, `an APNs device token is ${APNS_TOKEN_MIN_BYTES} to ${APNS_TOKEN_MAX_BYTES} bytes (${bytes} given)`);
  }
  return ok(token.toLowerCase());
}

/** base64url without padding (browsers' PushSubscription.toJSON()); trailing `=` padding is tolerated. */
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export function decodeBase64Url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bare = text.replace(/=+$/, '');
  if (bare.length % 4 === 1) return null;
  return Buffer.from(bare, 'base64url');
}

export const P256DH_BYTES = 65;
export const AUTH_SECRET_BYTES = 16;
export const ENDPOINT_MAX_CHARS = 2048;

export interface WebPushSubscription {
  /** HTTPS URL of the push service; it is the device's token. */
  readonly endpoint: string;
  /** base64url (no padding), uncompressed P-256 point. */
  readonly p256dh: string;
  /** base64url (no padding), 16-byte auth secret. */
  readonly auth: string;
}

function checkEndpoint(endpoint: string, field: string): FieldProblem | null {
  if (endpoint.length > ENDPOINT_MAX_CHARS) return { field, reason: `is longer than ${ENDPOINT_MAX_CHARS} characters` };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { field, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:') return { field, reason: 'must be an https URL' };
  if (url.username !== '' || url.password !== '') return { field, reason: 'must not carry credentials' };
  if (url.hash !== '') return { field, reason: 'must not have a #fragment' };
  return null;
}

function checkKey(value: string, bytes: number, field: string, what: string): FieldProblem | string {
  const decoded = decodeBase64Url(value);
  if (decoded === null) return { field, reason: `${what} must be base64url` };
  if (decoded.length !== bytes) return { field, reason: `${what} must decode to ${bytes} bytes (got ${decoded.length})` };
  return decoded.toString('base64url');
}

/** A Web Push subscription: https endpoint, p256dh = 65-byte uncompressed P-256 point, auth = 16 bytes. */
export function checkWebPushSubscription(
  sub: { endpoint: string; keys: { p256dh: string; auth: string } },
  field = 'body.subscription',
): Checked<WebPushSubscription> {
  const problems: FieldProblem[] = [];
  const endpointProblem = checkEndpoint(sub.endpoint, `${field}.endpoint`);
  if (endpointProblem) problems.push(endpointProblem);
  const p256dh = checkKey(sub.keys.p256dh, P256DH_BYTES, `${field}.keys.p256dh`, 'the P-256 public key');
  if (typeof p256dh !== 'string') problems.push(p256dh);
  else if (Buffer.from(p256dh, 'base64url')[0] !== 0x04) {
    problems.push({ field: `${field}.keys.p256dh`, reason: 'must be an uncompressed P-256 point (first byte 0x04)' });
  }
  const auth = checkKey(sub.keys.auth, AUTH_SECRET_BYTES, `${field}.keys.auth`, 'the auth secret');
  if (typeof auth !== 'string') problems.push(auth);
  if (problems.length > 0 || typeof p256dh !== 'string' || typeof auth !== 'string') return { ok: false, problems };
  return ok({ endpoint: sub.endpoint, p256dh, auth });
}

/** `abcdef…wxyz`: enough to recognise a device in a list, useless as a credential. */
export function maskDeviceToken(token: string): string {
  if (token.length <= 12) return '…';
  return `${token.slice(0, 6)}…${token.slice(-4)}`;
}

/** Web Push tokens are endpoints: show the origin and the last characters only. */
export function maskEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}/…${endpoint.slice(-4)}`;
  } catch {
    return maskDeviceToken(endpoint);
  }
}
