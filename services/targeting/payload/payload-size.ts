import type { Provider } from '../../shared/contracts/messages';

/**
 * Provider payload limits in bytes: FCM 4096 (keys and values of the payload parts) [F1]; APNs 4096
 * for regular pushes [A8]; Web Push 3993 bytes of plaintext, i.e. one 4096-byte aes128gcm record
 * less its 86-byte header, 1-byte delimiter and 16-byte tag [W2 §4].
 */
export const PAYLOAD_LIMIT_BYTES: Readonly<Record<Provider, number>> = Object.freeze({
  FCM: 4096,
  APNS: 4096,
  WEBPUSH: 3993,
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapBytes(value: unknown): number {
  if (!isRecord(value)) return 0;
  let total = 0;
  for (const [key, item] of Object.entries(value)) {
    total += Buffer.byteLength(key) + (typeof item === 'string' ? Buffer.byteLength(item) : Buffer.byteLength(JSON.stringify(item)));
  }
  return total;
}

function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

/** FCM counts the user-visible payload (data and notification keys and values), not the envelope. */
export function fcmPayloadBytes(message: Record<string, unknown>): number {
  const android = isRecord(message.android) ? message.android : {};
  const apns = isRecord(message.apns) ? message.apns : {};
  const webpush = isRecord(message.webpush) ? message.webpush : {};
  return (
    mapBytes(message.data) +
    mapBytes(message.notification) +
    mapBytes(android.data) +
    mapBytes(android.notification) +
    jsonBytes(apns.payload) +
    mapBytes(webpush.data) +
    jsonBytes(webpush.notification)
  );
}

/** Bytes the provider counts against its limit for this rendered payload. */
export function providerPayloadBytes(provider: Provider, payload: Record<string, unknown>, json: string): number {
  return provider === 'FCM' ? fcmPayloadBytes(payload) : Buffer.byteLength(json);
}
