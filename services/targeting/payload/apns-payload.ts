import { customData, type RenderInput } from './render-input';

// The APNs JSON body: the `aps` dictionary plus custom keys. Headers (apns-push-type, apns-priority,
// apns-collapse-id, apns-expiration, apns-id) are set by the sender from the delivery's fields.
// [providers.md 2.3, 2.4]

/** The APNs payload for one device. */
export function renderApnsPayload(input: RenderInput): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(customData(input.content))) {
    if (key !== 'aps') payload[key] = value;
  }
  if (input.silent) {
    payload.aps = { 'content-available': 1 };
    return payload;
  }
  const aps: Record<string, unknown> = {
    alert: { title: input.content.title, body: input.content.body },
    sound: 'default',
  };
  if (input.threadKey !== null) aps['thread-id'] = input.threadKey;
  if (input.content.image !== null) {
    // A notification service extension downloads the image; it needs mutable-content.
    aps['mutable-content'] = 1;
    payload.image = input.content.image;
  }
  if (input.priority === 'CRITICAL') aps['interruption-level'] = 'time-sensitive';
  if (input.content.actions.length > 0) payload.actions = input.content.actions;
  payload.aps = aps;
  return payload;
}
