import { SCHEMA_FILES } from './schema-files';
import {
  declareTopics,
  deliveryTopicKey,
  retryTopicKey,
  topicNames,
  valueSubject,
  type TopicKey,
} from './topics';

describe('topic declarations', () => {
  const declarations = declareTopics();

  it('declares the pipeline topics with the default prefix', () => {
    expect(declarations.map((d) => d.name)).toEqual([
      'herald.notifications.requests',
      'herald.broadcasts.triggers',
      'herald.delivery.fcm.priority',
      'herald.delivery.fcm.bulk',
      'herald.retry.fcm',
      'herald.delivery.apns.priority',
      'herald.delivery.apns.bulk',
      'herald.retry.apns',
      'herald.delivery.webpush.priority',
      'herald.delivery.webpush.bulk',
      'herald.retry.webpush',
      'herald.receipts',
      'herald.deadletters',
      'shop.orders',
    ]);
  });

  it('has unique keys and names, positive partitions and a purpose for each', () => {
    expect(new Set(declarations.map((d) => d.key)).size).toBe(declarations.length);
    expect(new Set(declarations.map((d) => d.name)).size).toBe(declarations.length);
    for (const d of declarations) {
      expect([d.key, Number.isInteger(d.partitions) && d.partitions > 0]).toEqual([d.key, true]);
      expect(d.purpose.length).toBeGreaterThan(20);
      expect(d.messageKey.length).toBeGreaterThan(0);
    }
  });

  it('gives every topic a schema from schemas/ (shop.orders the example)', () => {
    for (const d of declarations) {
      expect([d.key, d.valueSchema !== null && SCHEMA_FILES.includes(d.valueSchema)]).toEqual([d.key, true]);
    }
    expect(declarations.find((d) => d.key === 'shop.orders')?.valueSchema).toBe('examples/order-shipped.avsc');
    expect(declarations.filter((d) => d.key.startsWith('delivery.') || d.key.startsWith('retry.')).map((d) => d.valueSchema)).toEqual(
      Array(9).fill('delivery.avsc'),
    );
  });

  it('sizes lanes for parallelism and keeps dead letters longest', () => {
    const byKey = new Map(declarations.map((d) => [d.key, d]));
    expect(byKey.get('notifications.requests')?.partitions).toBe(6);
    expect(byKey.get('broadcasts.triggers')?.partitions).toBe(3);
    expect(byKey.get('delivery.apns.bulk')?.partitions).toBe(12);
    expect(byKey.get('retry.webpush')?.partitions).toBe(6);
    expect(byKey.get('deadletters')?.partitions).toBe(3);
    const retention = (key: TopicKey): number => Number(byKey.get(key)?.config['retention.ms']);
    for (const d of declarations) {
      expect(d.config['cleanup.policy']).toBe('delete');
      expect(retention('deadletters')).toBeGreaterThanOrEqual(retention(d.key));
    }
  });

  it('applies the prefix to Herald topics only, and an upstream prefix to upstream ones', () => {
    const names = topicNames({ prefix: 't-1a2b.', upstreamPrefix: 't-1a2b.up.' });
    expect(names['receipts']).toBe('t-1a2b.receipts');
    expect(names['delivery.fcm.priority']).toBe('t-1a2b.delivery.fcm.priority');
    expect(names['shop.orders']).toBe('t-1a2b.up.shop.orders');
    expect(topicNames()['shop.orders']).toBe('shop.orders');
  });

  it('rejects prefixes Kafka would reject', () => {
    expect(() => declareTopics({ prefix: 'bad prefix/' })).toThrow(/illegal Kafka topic name/);
  });

  it('names lanes, retry topics and subjects from typed inputs', () => {
    expect(deliveryTopicKey('WEBPUSH', 'bulk')).toBe('delivery.webpush.bulk');
    expect(retryTopicKey('APNS')).toBe('retry.apns');
    expect(valueSubject('herald.receipts')).toBe('herald.receipts-value');
  });
});
