import { createHash } from 'node:crypto';
import type { ReceiptStatus } from './messages';

// Deterministic ids: the same inputs always give the same id, on any instance, after any restart.
// That is what makes retries, re-emission after a crash and redelivery idempotent downstream.
// 128 bits of SHA-256, hex; the JSON encoding of the parts keeps them unambiguous ("a|b" + "c" ≠ "a" + "b|c").

function idOf(kind: string, parts: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify([kind, ...parts])).digest('hex').slice(0, 32);
}

/** Delivery id of one event to one device: identical on every attempt. */
export function deliveryIdFor(eventId: string, deviceId: string): string {
  return idOf('delivery', [eventId, deviceId]);
}

/**
 * Delivery id for an outcome decided per user before devices are resolved (opted out, deduplicated,
 * no devices): receipts still need one, and it must never collide with a device delivery id.
 */
export function userDeliveryIdFor(eventId: string, userId: string): string {
  return idOf('user-delivery', [eventId, userId]);
}

/** Receipt id: the same outcome of the same attempt is the same receipt (redelivery is a no-op). */
export function receiptIdFor(deliveryId: string, attempt: number, status: ReceiptStatus): string {
  return idOf('receipt', [deliveryId, attempt, status]);
}
