import { randomUUID } from 'node:crypto';
import { deliveryIdFor } from '../../shared/contracts/message-ids';
import type { Delivery, Provider } from '../../shared/contracts/messages';

/** A valid delivery for tests: fresh ids, one hour of TTL from `nowMs`, attempt 1; override anything. */
export function aDelivery(overrides: Partial<Delivery> = {}, nowMs: number = Date.now()): Delivery {
  const eventId = overrides.event_id ?? `evt-${randomUUID()}`;
  const deviceId = overrides.device_id ?? randomUUID();
  const provider: Provider = overrides.provider ?? 'FCM';
  return {
    delivery_id: deliveryIdFor(eventId, deviceId),
    event_id: eventId,
    broadcast_id: null,
    user_id: `user-${randomUUID()}`,
    device_id: deviceId,
    app: 'default',
    provider,
    token: `token-${randomUUID()}`,
    webpush_keys: null,
    apns_environment: provider === 'APNS' ? 'PRODUCTION' : null,
    priority: 'HIGH',
    category: 'test',
    collapse_key: null,
    thread_key: null,
    push_type: provider === 'APNS' ? 'ALERT' : null,
    payload: '{"notification":{"title":"Hi","body":"There"}}',
    created_at: nowMs,
    expires_at: nowMs + 3_600_000,
    attempt: 1,
    not_before: null,
    ...overrides,
  };
}
