import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http2';
import type { Delivery } from '../../shared/contracts/messages';

const HEX_TOKEN = /^[0-9a-fA-F]+$/;
/** What APNs takes as apns-collapse-id: at most 64 bytes, and printable ASCII survives every hop. */
const COLLAPSE_ID = /^[\x20-\x7e]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX32 = /^[0-9a-f]{32}$/;

/**
 * apns-id for a delivery: the delivery id as a canonical lowercase UUID. Herald's ids are 32 hex digits
 * (128 bits), which is exactly a UUID without dashes; anything else gets no apns-id (APNs makes one).
 */
export function apnsIdOf(deliveryId: string): string | null {
  const id = deliveryId.toLowerCase();
  if (UUID.test(id)) return id;
  if (!HEX32.test(id)) return null;
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

/** APNs device tokens are hex strings (of no fixed length); anything else is BadDeviceToken. */
export function isApnsToken(token: string): boolean {
  return HEX_TOKEN.test(token);
}

/**
 * apns-collapse-id for a collapse key: as-is when APNs can take it, otherwise a stable digest of it
 * (same key → same id, so collapsing still works; never a BadCollapseId or a reset stream).
 */
export function collapseIdOf(collapseKey: string): string {
  return COLLAPSE_ID.test(collapseKey) ? collapseKey : createHash('sha256').update(collapseKey).digest('base64url');
}

/**
 * Request headers for one notification [providers.md 2.3]: background pushes go at priority 5 (Apple
 * rejects 10 for them), alerts at 10 when HIGH/CRITICAL and at 5 (power-aware) otherwise, matching
 * FCM's high/normal; apns-expiration is the delivery's expires_at in epoch seconds.
 */
export function apnsHeaders(delivery: Delivery, topic: string, authorization: string): OutgoingHttpHeaders {
  const background = delivery.push_type === 'BACKGROUND';
  const urgent = delivery.priority === 'HIGH' || delivery.priority === 'CRITICAL';
  const headers: OutgoingHttpHeaders = {
    ':method': 'POST',
    ':path': `/3/device/${delivery.token}`,
    authorization,
    'apns-topic': topic,
    'apns-push-type': background ? 'background' : 'alert',
    'apns-priority': !background && urgent ? '10' : '5',
    'apns-expiration': String(Math.floor(delivery.expires_at / 1000)),
    'content-type': 'application/json',
  };
  const apnsId = apnsIdOf(delivery.delivery_id);
  if (apnsId !== null) headers['apns-id'] = apnsId;
  if (delivery.collapse_key !== null) headers['apns-collapse-id'] = collapseIdOf(delivery.collapse_key);
  return headers;
}
