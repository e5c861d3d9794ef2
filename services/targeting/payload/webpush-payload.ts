import { customData, type RenderInput } from './render-input';

// The plaintext a browser's service worker receives (the sender encrypts it with aes128gcm): a JSON
// object shaped like the Notification API options so `showNotification(title, options)` can use it.
// [providers.md 3.2]

/** The Web Push JSON for one subscription. */
export function renderWebPushPayload(input: RenderInput): Record<string, unknown> {
  const data = customData(input.content);
  if (input.silent) return { silent: true, data };
  const payload: Record<string, unknown> = {
    title: input.content.title,
    body: input.content.body,
    data,
    timestamp: input.createdAt,
  };
  if (input.content.image !== null) payload.image = input.content.image;
  const tag = input.collapseKey ?? input.threadKey;
  if (tag !== null) payload.tag = tag;
  if (input.priority === 'CRITICAL') payload.requireInteraction = true;
  if (input.content.actions.length > 0) {
    payload.actions = input.content.actions.map((a) => ({ action: a.id, title: a.title }));
  }
  return payload;
}
