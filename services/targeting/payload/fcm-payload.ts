import { customData, isUrgent, type RenderInput } from './render-input';

// FCM HTTP v1 `Message` without the target (the sender sets message.token). Field names are the
// snake_case proto-JSON spelling FCM accepts. [providers.md 1.2]

/** FCM analytics labels allow [a-zA-Z0-9-_.~%]{1,50}. */
function analyticsLabel(category: string): string | null {
  const label = category.replace(/[^a-zA-Z0-9\-_.~%]/g, '_').slice(0, 50);
  return label.length > 0 ? label : null;
}

function fcmData(input: RenderInput): Record<string, string> {
  const data = customData(input.content);
  // FCM data values must be strings: actions travel as one JSON string.
  if (input.content.actions.length > 0) data.actions = JSON.stringify(input.content.actions);
  return data;
}

function androidBlock(input: RenderInput): Record<string, unknown> {
  const android: Record<string, unknown> = {
    priority: isUrgent(input.priority) ? 'HIGH' : 'NORMAL',
    ttl: `${input.ttlSeconds}s`,
  };
  if (input.collapseKey !== null) android.collapse_key = input.collapseKey;
  if (!input.silent && input.threadKey !== null) android.notification = { tag: input.threadKey };
  return android;
}

/**
 * `apns-expiration` as APNs reads it: the UNIX time (seconds) until which Apple keeps retrying, so
 * an iOS device reached through FCM loses the message when the notification dies, as with direct
 * APNs; `0` (a TTL of 0) means deliver now or never. Absolute, so a late send needs no rewrite.
 */
export function apnsExpiration(createdAtMs: number, ttlSeconds: number): string {
  return ttlSeconds <= 0 ? '0' : String(Math.floor(createdAtMs / 1000) + ttlSeconds);
}

function apnsBlock(input: RenderInput): Record<string, unknown> {
  const headers: Record<string, string> = {
    'apns-priority': input.silent || !isUrgent(input.priority) ? '5' : '10',
    'apns-push-type': input.silent ? 'background' : 'alert',
    'apns-expiration': apnsExpiration(input.createdAt, input.ttlSeconds),
  };
  if (input.collapseKey !== null) headers['apns-collapse-id'] = input.collapseKey;
  const aps: Record<string, unknown> = input.silent ? { 'content-available': 1 } : { sound: 'default' };
  if (!input.silent && input.threadKey !== null) aps['thread-id'] = input.threadKey;
  if (!input.silent && input.content.image !== null) aps['mutable-content'] = 1;
  return { headers, payload: { aps } };
}

function webpushBlock(input: RenderInput): Record<string, unknown> {
  const headers: Record<string, string> = { Urgency: isUrgent(input.priority) ? 'high' : 'normal', TTL: String(input.ttlSeconds) };
  const block: Record<string, unknown> = { headers };
  const link = input.content.deep_link;
  if (!input.silent && link !== null && link.startsWith('https://')) block.fcm_options = { link };
  return block;
}

/** The FCM v1 message for one device, as an object (see fcmPayloadBytes for its size). */
export function renderFcmMessage(input: RenderInput): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  if (!input.silent) {
    const notification: Record<string, string> = { title: input.content.title, body: input.content.body };
    if (input.content.image !== null) notification.image = input.content.image;
    message.notification = notification;
  }
  const data = fcmData(input);
  if (Object.keys(data).length > 0) message.data = data;
  if (input.platform === 'ANDROID') message.android = androidBlock(input);
  if (input.platform === 'IOS') message.apns = apnsBlock(input);
  if (input.platform === 'WEB') message.webpush = webpushBlock(input);
  const label = analyticsLabel(input.category);
  if (label !== null) message.fcm_options = { analytics_label: label };
  return message;
}
