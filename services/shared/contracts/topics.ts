import { dbSymbol, type Provider } from './messages';
import type { SchemaFile } from './schema-files';

// Every topic Herald reads or writes, declared once: name, partitions, configs, purpose, key and
// value schema. Code asks topicNames() for names and never spells a topic string itself.

export const DEFAULT_TOPIC_PREFIX = 'herald.';

/** Provider names as they appear in topic names (lower-case Avro Provider symbols). */
export type ProviderTopicName = Lowercase<Provider>;
export type DeliveryLane = 'priority' | 'bulk';

export type TopicKey =
  | 'notifications.requests'
  | 'broadcasts.triggers'
  | `delivery.${ProviderTopicName}.${DeliveryLane}`
  | `retry.${ProviderTopicName}`
  | 'receipts'
  | 'deadletters'
  | 'shop.orders';

export interface TopicDeclaration {
  readonly key: TopicKey;
  /** Full topic name, prefix applied. */
  readonly name: string;
  readonly partitions: number;
  /** Kafka topic configs (values are strings, as Kafka takes them). */
  readonly config: Readonly<Record<string, string>>;
  readonly purpose: string;
  /** What the Kafka message key is: it decides partitioning and so ordering. */
  readonly messageKey: string;
  /** Value schema file in schemas/ (subject `<name>-value`), or null for schemaless topics. */
  readonly valueSchema: SchemaFile | null;
  /** Herald topics are fully managed; upstream topics are only created when missing (local dev). */
  readonly owner: 'herald' | 'upstream';
}

export interface TopicNaming {
  /** Prefix of Herald's own topics (HERALD_TOPIC_PREFIX); default "herald.". */
  readonly prefix?: string;
  /** Prefix of upstream topics: "" in deployments, random in tests so runs do not collide. */
  readonly upstreamPrefix?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MIB = 1024 * 1024;

const deleteAfter = (retentionMs: number): Record<string, string> => ({
  'cleanup.policy': 'delete',
  'retention.ms': String(retentionMs),
});

interface TopicSpec extends Omit<TopicDeclaration, 'name'> {
  readonly unprefixedName: string;
}

const PROVIDER_TOPIC_NAMES: readonly ProviderTopicName[] = ['fcm', 'apns', 'webpush'];

function deliverySpecs(provider: ProviderTopicName): TopicSpec[] {
  const lane = (name: DeliveryLane, purpose: string): TopicSpec => ({
    key: `delivery.${provider}.${name}`,
    unprefixedName: `delivery.${provider}.${name}`,
    partitions: 12,
    // Deliveries carry their own expires_at; three days covers a long sender outage without loss.
    config: deleteAfter(3 * DAY_MS),
    purpose,
    messageKey: 'device_id',
    valueSchema: 'delivery.avsc',
    owner: 'herald',
  });
  return [
    lane(
      'priority',
      `Transactional ${provider} deliveries (and any HIGH/CRITICAL one): a sender drains this lane first, so they never wait behind a broadcast.`,
    ),
    lane('bulk', `Broadcast and LOW-priority ${provider} deliveries, consumed with the capacity the priority lane leaves.`),
    {
      key: `retry.${provider}`,
      unprefixedName: `retry.${provider}`,
      partitions: 6,
      config: deleteAfter(3 * DAY_MS),
      purpose: `${provider} deliveries waiting for another attempt (not_before set by backoff with jitter or Retry-After).`,
      messageKey: 'device_id',
      valueSchema: 'delivery.avsc',
      owner: 'herald',
    },
  ];
}

const SPECS: readonly TopicSpec[] = [
  {
    key: 'notifications.requests',
    unprefixedName: 'notifications.requests',
    partitions: 6,
    config: deleteAfter(7 * DAY_MS),
    purpose: 'Canonical notification requests from upstream services, the API and the CLI; consumed by targeting.',
    messageKey: 'event_id',
    valueSchema: 'notification-request.avsc',
    owner: 'herald',
  },
  {
    key: 'broadcasts.triggers',
    unprefixedName: 'broadcasts.triggers',
    partitions: 3,
    config: deleteAfter(7 * DAY_MS),
    purpose: 'Broadcast triggers (segment + content); consumed by targeting, which streams the segment.',
    messageKey: 'broadcast_id',
    valueSchema: 'broadcast-trigger.avsc',
    owner: 'herald',
  },
  ...PROVIDER_TOPIC_NAMES.flatMap(deliverySpecs),
  {
    key: 'receipts',
    unprefixedName: 'receipts',
    partitions: 6,
    config: deleteAfter(7 * DAY_MS),
    purpose: 'One receipt per delivery outcome (sent, retried, dead token, suppressed...); consumed by feedback into PostgreSQL.',
    messageKey: 'delivery_id',
    valueSchema: 'receipt.avsc',
    owner: 'herald',
  },
  {
    key: 'deadletters',
    unprefixedName: 'deadletters',
    partitions: 3,
    config: {
      ...deleteAfter(30 * DAY_MS),
      // A dead letter wraps an original message of up to the 1 MiB default plus its metadata.
      'max.message.bytes': String(2 * MIB),
    },
    purpose: 'Messages a stage could not process, with the original bytes and the reason; kept long for inspection and replay.',
    messageKey: 'source_topic/source_partition/source_offset',
    valueSchema: 'dead-letter.avsc',
    owner: 'herald',
  },
  {
    key: 'shop.orders',
    unprefixedName: 'shop.orders',
    partitions: 6,
    config: deleteAfter(7 * DAY_MS),
    purpose: 'Example upstream domain topic (owned by the shop team): OrderShipped events mapped to notifications by a targeting rule.',
    messageKey: 'order_id',
    valueSchema: 'examples/order-shipped.avsc',
    owner: 'upstream',
  },
];

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** All topic declarations with names resolved for the given prefixes. */
export function declareTopics(naming: TopicNaming = {}): readonly TopicDeclaration[] {
  const prefix = naming.prefix ?? DEFAULT_TOPIC_PREFIX;
  const upstreamPrefix = naming.upstreamPrefix ?? '';
  return Object.freeze(
    SPECS.map(({ unprefixedName, ...spec }) => {
      const name = `${spec.owner === 'herald' ? prefix : upstreamPrefix}${unprefixedName}`;
      if (!LEGAL_TOPIC_NAME.test(name)) throw new Error(`illegal Kafka topic name: ${JSON.stringify(name)}`);
      return Object.freeze({ ...spec, name });
    }),
  );
}

/** Topic key → full topic name. */
export function topicNames(naming: TopicNaming = {}): Readonly<Record<TopicKey, string>> {
  const entries = declareTopics(naming).map((d) => [d.key, d.name] as const);
  return Object.freeze(Object.fromEntries(entries) as Record<TopicKey, string>);
}

export function deliveryTopicKey(provider: Provider, lane: DeliveryLane): TopicKey {
  return `delivery.${dbSymbol(provider)}.${lane}`;
}

export function retryTopicKey(provider: Provider): TopicKey {
  return `retry.${dbSymbol(provider)}`;
}

/** Schema registry subject of a topic's values (TopicNameStrategy). */
export function valueSubject(topicName: string): string {
  return `${topicName}-value`;
}
