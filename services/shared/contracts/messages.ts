// TypeScript shapes of the Avro messages in schemas/, written to match what avsc decodes:
// every field is present (optional ones are `T | null`), maps are plain objects, bytes are Buffers,
// timestamp-millis fields are plain numbers (no logical-type hooks are registered). The unit test
// messages.test.ts proves each interface round-trips through its schema.

/** Milliseconds since the Unix epoch (UTC); the decoded form of an Avro timestamp-millis. */
export type EpochMillis = number;

/** App used when a message leaves `app` null. Devices registered without an app belong to it. */
export const DEFAULT_APP = 'default';

export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'CRITICAL'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PLATFORMS = ['ANDROID', 'IOS', 'WEB'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PROVIDERS = ['FCM', 'APNS', 'WEBPUSH'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const APNS_ENVIRONMENTS = ['SANDBOX', 'PRODUCTION'] as const;
export type ApnsEnvironment = (typeof APNS_ENVIRONMENTS)[number];

export const APNS_PUSH_TYPES = ['ALERT', 'BACKGROUND'] as const;
export type ApnsPushType = (typeof APNS_PUSH_TYPES)[number];

export const RECEIPT_STATUSES = [
  'ACCEPTED',
  'RETRY_SCHEDULED',
  'TOKEN_DEAD',
  'MESSAGE_REJECTED',
  'CREDENTIALS_REJECTED',
  'EXPIRED',
  'FAILED',
  'SUPPRESSED',
  'DEDUPLICATED',
  'UNKNOWN',
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** Closed set of dead-letter reasons (an Avro string, so a new code never breaks an old reader). */
export const DEAD_LETTER_REASON_CODES = [
  'DECODE_FAILED',
  'SCHEMA_NOT_FOUND',
  'INVALID_MESSAGE',
  'PROCESSING_FAILED',
  'RETRIES_EXHAUSTED',
] as const;
export type DeadLetterReasonCode = (typeof DEAD_LETTER_REASON_CODES)[number];

/**
 * The database stores Avro symbols in lower case (`FCM` → `fcm`), matching topic names and the CHECK
 * constraints in infra/migrations.
 */
export function dbSymbol<S extends string>(symbol: S): Lowercase<S> {
  return symbol.toLowerCase() as Lowercase<S>;
}

export interface NotificationAction {
  readonly id: string;
  readonly title: string;
  readonly deep_link: string | null;
}

export interface NotificationContent {
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, string>>;
  /** HTTPS URL. */
  readonly image: string | null;
  readonly deep_link: string | null;
  readonly actions: readonly NotificationAction[];
}

export interface NotificationTemplate {
  readonly id: string;
  readonly params: Readonly<Record<string, string>>;
  /** BCP 47; null renders in each device's locale. */
  readonly locale: string | null;
}

export interface NotificationRequest {
  readonly event_id: string;
  /** Null means DEFAULT_APP. */
  readonly app: string | null;
  readonly user_ids: readonly string[];
  readonly category: string;
  readonly priority: Priority;
  /** Seconds from created_at. */
  readonly ttl_seconds: number;
  readonly collapse_key: string | null;
  readonly content: NotificationContent | null;
  readonly template: NotificationTemplate | null;
  readonly silent: boolean;
  /** Mute key. */
  readonly thread_key: string | null;
  /** Producing service. */
  readonly source: string | null;
  readonly created_at: EpochMillis;
}

export interface Segment {
  readonly apps: readonly string[];
  readonly platforms: readonly Platform[];
  readonly locales: readonly string[];
  readonly tags: readonly string[];
  readonly last_seen_after: EpochMillis | null;
  readonly user_ids: readonly string[] | null;
}

export interface BroadcastTrigger {
  readonly broadcast_id: string;
  readonly app: string | null;
  readonly segment: Segment;
  readonly content: NotificationContent | null;
  readonly template: NotificationTemplate | null;
  readonly category: string;
  readonly priority: Priority;
  /** Seconds from created_at. */
  readonly ttl_seconds: number;
  /** Deliveries per second; null means the deployment default. */
  readonly throttle_per_second: number | null;
  readonly created_at: EpochMillis;
}

export interface WebPushKeys {
  /** base64url P-256 public key. */
  readonly p256dh: string;
  /** base64url 16-byte auth secret. */
  readonly auth: string;
}

export interface Delivery {
  /** deliveryIdFor(event_id, device_id): stable across retries. */
  readonly delivery_id: string;
  readonly event_id: string;
  readonly broadcast_id: string | null;
  readonly user_id: string;
  /** devices.id (UUID); the Kafka message key. */
  readonly device_id: string;
  readonly app: string;
  readonly provider: Provider;
  /** Provider token; for WEBPUSH the subscription endpoint. Never log whole. */
  readonly token: string;
  readonly webpush_keys: WebPushKeys | null;
  readonly apns_environment: ApnsEnvironment | null;
  readonly priority: Priority;
  readonly category: string;
  readonly collapse_key: string | null;
  readonly thread_key: string | null;
  readonly push_type: ApnsPushType | null;
  /** Rendered provider-specific JSON body. */
  readonly payload: string;
  readonly created_at: EpochMillis;
  readonly expires_at: EpochMillis;
  /** 1-based. */
  readonly attempt: number;
  readonly not_before: EpochMillis | null;
}

export interface Receipt {
  /** receiptIdFor(delivery_id, attempt, status). */
  readonly receipt_id: string;
  readonly delivery_id: string;
  readonly event_id: string;
  readonly broadcast_id: string | null;
  readonly user_id: string;
  readonly device_id: string | null;
  readonly app: string | null;
  readonly provider: Provider | null;
  readonly status: ReceiptStatus;
  readonly reason: string | null;
  readonly provider_message_id: string | null;
  readonly http_status: number | null;
  /** 1-based; 0 for decisions taken before any send attempt. */
  readonly attempt: number;
  readonly event_at: EpochMillis;
  readonly occurred_at: EpochMillis;
}

export interface DeadLetter {
  readonly stage: string;
  readonly source_topic: string;
  readonly source_partition: number;
  readonly source_offset: number;
  readonly key: Buffer | null;
  /** Original bytes, untouched. */
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** One of DEAD_LETTER_REASON_CODES; readers treat unknown codes as PROCESSING_FAILED. */
  readonly reason_code: string;
  readonly reason_message: string;
  readonly failed_at: EpochMillis;
  readonly attempts: number;
}

/** The example upstream event (io.shop.OrderShipped). */
export interface OrderShipped {
  readonly event_id: string;
  readonly order_id: string;
  readonly user_id: string;
  readonly carrier: string;
  readonly tracking_url: string | null;
  readonly occurred_at: EpochMillis;
}
