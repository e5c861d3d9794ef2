import type { Delivery } from '../../shared/contracts/messages';

// The FCM v1 request body for one delivery: `{"message":{"token":…, …payload}}`. On the hot path the
// rendered payload (the Message without target) is spliced in as text, no parse. Only when the send
// happens well after the event (a backlog, a retry) is it parsed to set the TTLs to the time left,
// so FCM does not keep the message for longer than the notification lives.

/** The body, or null when the payload is not a JSON object (nothing FCM could accept). */
export function fcmRequestBody(delivery: Delivery, nowMs: number, ttlRewriteAfterMs: number): string | null {
  const token = JSON.stringify(delivery.token);
  if (nowMs - delivery.created_at <= ttlRewriteAfterMs) return splice(token, delivery.payload);
  const message = parseObject(delivery.payload);
  if (message === null) return null;
  const ttlSeconds = Math.max(0, Math.floor((delivery.expires_at - nowMs) / 1000));
  const android = objectAt(message, 'android');
  if (android) android.ttl = `${ttlSeconds}s`;
  const webpushHeaders = objectAt(objectAt(message, 'webpush'), 'headers');
  if (webpushHeaders) webpushHeaders.TTL = String(ttlSeconds);
  return splice(token, JSON.stringify(message));
}

function splice(tokenJson: string, payload: string): string | null {
  const inner = payload.trim();
  if (!inner.startsWith('{')) return null;
  // `{}` has no fields to follow the token. Other broken JSON goes out and FCM answers 400.
  const rest = inner.slice(1).trimStart();
  return rest.startsWith('}') ? `{"message":{"token":${tokenJson}}}` : `{"message":{"token":${tokenJson},${rest}}`;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function objectAt(parent: Record<string, unknown> | null, key: string): Record<string, unknown> | null {
  const value = parent?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
