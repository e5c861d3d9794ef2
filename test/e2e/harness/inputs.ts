import { randomBytes } from 'node:crypto';
import { deliveryIdFor, receiptIdFor } from '../../../services/shared/contracts/message-ids';
import type {
  BroadcastTrigger,
  DeadLetter,
  Delivery,
  NotificationContent,
  NotificationRequest,
  OrderShipped,
  Provider,
  Receipt,
  Segment,
} from '../../../services/shared/contracts/messages';
import { randomId, type ProviderName, type SeededDevice } from './seed';

// Valid messages with defaults a test overrides: canonical requests, the example upstream event
// (shop.orders OrderShipped), broadcast triggers, and what stages write to each other (deliveries,
// receipts, dead letters) for tests that feed a stage directly. Ids are random so tests never collide.

export const aContent = (over: Partial<NotificationContent> = {}): NotificationContent => ({
  title: 'Your code',
  body: 'Use 123456 to sign in',
  data: { kind: 'otp' },
  image: null,
  deep_link: null,
  actions: [],
  ...over,
});

export const aRequest = (userIds: readonly string[], over: Partial<NotificationRequest> = {}): NotificationRequest => ({
  event_id: randomId('req'),
  app: null,
  user_ids: userIds,
  category: 'account',
  priority: 'HIGH',
  ttl_seconds: 3600,
  collapse_key: null,
  content: aContent(),
  template: null,
  silent: false,
  thread_key: null,
  source: 'e2e',
  created_at: Date.now(),
  ...over,
});

export const anOrderShipped = (userId: string, over: Partial<OrderShipped> = {}): OrderShipped => ({
  event_id: randomId('order-event'),
  order_id: randomId('order'),
  user_id: userId,
  carrier: 'DHL',
  tracking_url: 'https://track.example/p/42',
  occurred_at: Date.now(),
  ...over,
});

export const aSegment = (over: Partial<Segment> = {}): Segment => ({
  apps: [],
  platforms: [],
  locales: [],
  tags: [],
  last_seen_after: null,
  user_ids: null,
  ...over,
});

export const aBroadcastTrigger = (app: string, over: Partial<BroadcastTrigger> = {}): BroadcastTrigger => ({
  broadcast_id: randomId('broadcast'),
  app,
  segment: aSegment({ apps: [app] }),
  content: aContent({ title: "What's new", body: 'See what we shipped this week', data: { campaign: 'weekly' } }),
  template: null,
  category: 'marketing',
  priority: 'LOW',
  ttl_seconds: 3600,
  throttle_per_second: null,
  created_at: Date.now(),
  ...over,
});

const PAYLOAD_OF: Readonly<Record<ProviderName, (title: string, body: string) => unknown>> = {
  fcm: (title, body) => ({ notification: { title, body }, data: { kind: 'direct' } }),
  apns: (title, body) => ({ aps: { alert: { title, body }, sound: 'default' } }),
  webpush: (title, body) => ({ title, body, data: { kind: 'direct' } }),
};

/** A delivery as targeting would emit it for `device` (rendered payload included), for the senders' topics. */
export const aDelivery = (device: SeededDevice, over: Partial<Delivery> = {}): Delivery => {
  const eventId = over.event_id ?? randomId('delivery-event');
  const now = Date.now();
  return {
    delivery_id: deliveryIdFor(eventId, device.id),
    event_id: eventId,
    broadcast_id: null,
    user_id: device.userId,
    device_id: device.id,
    app: device.app,
    provider: device.provider.toUpperCase() as Provider,
    token: device.token,
    webpush_keys: device.webpushKeys,
    apns_environment: device.provider === 'apns' ? 'PRODUCTION' : null,
    priority: 'HIGH',
    category: 'account',
    collapse_key: null,
    thread_key: null,
    push_type: device.provider === 'apns' ? 'ALERT' : null,
    payload: JSON.stringify(PAYLOAD_OF[device.provider]('Direct', 'Straight onto a sender topic')),
    created_at: now,
    expires_at: now + 3_600_000,
    attempt: 1,
    not_before: null,
    ...over,
  };
};

/** A receipt as a sender would publish it. */
export const aReceipt = (over: Partial<Receipt> = {}): Receipt => {
  const deliveryId = over.delivery_id ?? randomBytes(16).toString('hex');
  const now = Date.now();
  return {
    receipt_id: receiptIdFor(deliveryId, over.attempt ?? 1, over.status ?? 'ACCEPTED'),
    delivery_id: deliveryId,
    event_id: randomId('receipt-event'),
    broadcast_id: null,
    user_id: randomId('user'),
    device_id: null,
    app: 'default',
    provider: 'FCM',
    status: 'ACCEPTED',
    reason: null,
    provider_message_id: 'projects/herald-dev/messages/direct',
    http_status: 200,
    attempt: 1,
    event_at: now,
    occurred_at: now,
    ...over,
  };
};

/** A dead letter as a stage would publish it. */
export const aDeadLetter = (over: Partial<DeadLetter> = {}): DeadLetter => ({
  stage: 'e2e',
  source_topic: randomId('e2e.source'),
  source_partition: 0,
  source_offset: 42,
  key: null,
  value: Buffer.from('original bytes'),
  headers: {},
  reason_code: 'PROCESSING_FAILED',
  reason_message: 'published by the end-to-end test',
  failed_at: Date.now(),
  attempts: 1,
  ...over,
});
