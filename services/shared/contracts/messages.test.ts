import { loadContractTypes } from './avro-types';
import type {
  BroadcastTrigger,
  DeadLetter,
  Delivery,
  NotificationRequest,
  OrderShipped,
  Receipt,
} from './messages';
import { dbSymbol } from './messages';
import { deliveryIdFor, receiptIdFor, userDeliveryIdFor } from './message-ids';
import { SCHEMA_FILES, type MessageBySchemaFile, type SchemaFile } from './schema-files';

const createdAt = Date.parse('2025-11-21T09:30:00.123Z');
const deviceId = '5b0d6c1e-8f7a-4c1e-9d3b-2a6f0e9c4b71';

const orderShippedRequest: NotificationRequest = {
  event_id: 'order-shipped-A10042',
  app: 'shop',
  user_ids: ['user-17', 'user-42'],
  category: 'order',
  priority: 'HIGH',
  ttl_seconds: 86_400,
  collapse_key: 'order-A10042',
  content: {
    title: 'Your order has shipped',
    body: 'Order A10042 is on its way with DHL — track it in the app.',
    data: { order_id: 'A10042', kind: 'order_shipped' },
    image: 'https://cdn.example.com/orders/A10042.png',
    deep_link: 'shop://orders/A10042',
    actions: [
      { id: 'track', title: 'Track', deep_link: 'https://www.dhl.de/track?id=00340434161094042557' },
      { id: 'dismiss', title: 'Dismiss', deep_link: null },
    ],
  },
  template: null,
  silent: false,
  thread_key: 'order-A10042',
  source: 'order-service',
  created_at: createdAt,
};

const templatedChatRequest: NotificationRequest = {
  event_id: 'chat-msg-9f1c',
  app: null,
  user_ids: ['user-42'],
  category: 'chat',
  priority: 'NORMAL',
  ttl_seconds: 3_600,
  collapse_key: null,
  content: null,
  template: { id: 'chat.new_message', params: { sender: 'Ana', preview: 'Are we still on for 7? 🍕' }, locale: null },
  silent: false,
  thread_key: 'chat-room-311',
  source: null,
  created_at: createdAt,
};

const broadcast: BroadcastTrigger = {
  broadcast_id: 'bc-2025-11-black-friday-de',
  app: 'shop',
  segment: {
    apps: [],
    platforms: ['ANDROID', 'IOS'],
    locales: ['de', 'de-AT'],
    tags: ['beta', 'newsletter'],
    last_seen_after: Date.parse('2025-08-01T00:00:00Z'),
    user_ids: null,
  },
  content: null,
  template: { id: 'marketing.black_friday', params: { discount: '30%' }, locale: 'de-DE' },
  category: 'marketing',
  priority: 'LOW',
  ttl_seconds: 43_200,
  throttle_per_second: 5_000,
  created_at: createdAt,
};

const uploadedListBroadcast: BroadcastTrigger = {
  ...broadcast,
  broadcast_id: 'bc-uploaded-list-7',
  app: null,
  segment: { apps: ['shop', 'shop-lite'], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: ['u1', 'u2'] },
  content: { title: 'Hallo!', body: 'Neu im Shop', data: {}, image: null, deep_link: null, actions: [] },
  template: null,
  throttle_per_second: null,
};

const webPushDelivery: Delivery = {
  delivery_id: deliveryIdFor('order-shipped-A10042', deviceId),
  event_id: 'order-shipped-A10042',
  broadcast_id: null,
  user_id: 'user-42',
  device_id: deviceId,
  app: 'shop',
  provider: 'WEBPUSH',
  token: 'https://fcm.googleapis.com/fcm/send/dXNlci00Mi1zdWJzY3JpcHRpb24',
  webpush_keys: {
    p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  },
  apns_environment: null,
  priority: 'HIGH',
  category: 'order',
  collapse_key: 'order-A10042',
  thread_key: null,
  push_type: null,
  payload: JSON.stringify({ title: 'Your order has shipped', body: 'Order A10042 is on its way' }),
  created_at: createdAt,
  expires_at: createdAt + 86_400_000,
  attempt: 1,
  not_before: null,
};

const apnsRetry: Delivery = {
  ...webPushDelivery,
  broadcast_id: 'bc-2025-11-black-friday-de',
  event_id: 'bc-2025-11-black-friday-de',
  delivery_id: deliveryIdFor('bc-2025-11-black-friday-de', deviceId),
  provider: 'APNS',
  token: '740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78ad',
  webpush_keys: null,
  apns_environment: 'PRODUCTION',
  priority: 'LOW',
  category: 'marketing',
  push_type: 'ALERT',
  payload: JSON.stringify({ aps: { alert: { title: 'Black Friday', body: '30% off' }, 'thread-id': 'promo' } }),
  attempt: 3,
  not_before: createdAt + 4_000,
};

const acceptedReceipt: Receipt = {
  receipt_id: receiptIdFor(webPushDelivery.delivery_id, 1, 'ACCEPTED'),
  delivery_id: webPushDelivery.delivery_id,
  event_id: webPushDelivery.event_id,
  broadcast_id: null,
  user_id: 'user-42',
  device_id: deviceId,
  app: 'shop',
  provider: 'WEBPUSH',
  status: 'ACCEPTED',
  reason: null,
  provider_message_id: 'https://fcm.googleapis.com/fcm/send/dXNlci00Mi1zdWJzY3JpcHRpb24/m/0:1700000000000000%abc',
  http_status: 201,
  attempt: 1,
  event_at: createdAt,
  occurred_at: createdAt + 183,
};

const suppressedReceipt: Receipt = {
  receipt_id: receiptIdFor(userDeliveryIdFor('chat-msg-9f1c', 'user-42'), 0, 'SUPPRESSED'),
  delivery_id: userDeliveryIdFor('chat-msg-9f1c', 'user-42'),
  event_id: 'chat-msg-9f1c',
  broadcast_id: null,
  user_id: 'user-42',
  device_id: null,
  app: null,
  provider: null,
  status: 'SUPPRESSED',
  reason: 'category_opted_out',
  provider_message_id: null,
  http_status: null,
  attempt: 0,
  event_at: createdAt,
  occurred_at: createdAt + 12,
};

const deadLetter: DeadLetter = {
  stage: 'targeting',
  source_topic: 'herald.notifications.requests',
  source_partition: 4,
  source_offset: 184_467_331,
  key: Buffer.from('order-shipped-A10042'),
  value: Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07, 0xff, 0xfe, 0x80]),
  headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  reason_code: 'DECODE_FAILED',
  reason_message: 'truncated Avro body after schema id 7',
  failed_at: createdAt + 5,
  attempts: 1,
};

const orderShipped: OrderShipped = {
  event_id: 'evt-01JD7Z6S2Q',
  order_id: 'A10042',
  user_id: 'user-42',
  carrier: 'DHL',
  tracking_url: null,
  occurred_at: createdAt,
};

type Examples = { [F in SchemaFile]: readonly MessageBySchemaFile[F][] };

const examples: Examples = {
  'notification-request.avsc': [orderShippedRequest, templatedChatRequest],
  'broadcast-trigger.avsc': [broadcast, uploadedListBroadcast],
  'delivery.avsc': [webPushDelivery, apnsRetry],
  'receipt.avsc': [acceptedReceipt, suppressedReceipt],
  'dead-letter.avsc': [deadLetter, { ...deadLetter, key: null, headers: {}, reason_code: 'RETRIES_EXHAUSTED', attempts: 5 }],
  'examples/order-shipped.avsc': [orderShipped, { ...orderShipped, tracking_url: 'https://www.dhl.de/track?id=1' }],
};

const types = loadContractTypes();

describe('message interfaces', () => {
  const cases = SCHEMA_FILES.flatMap((file) => examples[file].map((value, i) => [file, i, value] as const));

  it.each(cases)('%s example %d round-trips through its avsc Type', (file, _i, value) => {
    const type = types[file];
    expect(type.isValid(value)).toBe(true);
    const decoded = type.fromBuffer(type.toBuffer(value));
    expect({ ...decoded }).toEqual(value);
  });

  it.each(SCHEMA_FILES)('%s: the interface has exactly the schema fields', (file) => {
    const fieldNames = (types[file].schema() as { fields: { name: string }[] }).fields.map((f) => f.name);
    for (const value of examples[file]) expect(Object.keys(value)).toEqual(fieldNames);
  });

  it('rejects a value of the wrong shape', () => {
    const broken = { ...webPushDelivery, provider: 'HMS' };
    expect(types['delivery.avsc'].isValid(broken)).toBe(false);
    expect(() => types['delivery.avsc'].toBuffer(broken)).toThrow();
  });

  it('maps Avro symbols to the lower-case database and topic form', () => {
    expect(dbSymbol('WEBPUSH')).toBe('webpush');
    expect(dbSymbol('RETRY_SCHEDULED')).toBe('retry_scheduled');
  });
});
