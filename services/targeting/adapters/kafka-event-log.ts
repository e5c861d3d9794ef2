import type { AvroCodec } from '../../shared/codec/avro-codec';
import { deliveryTopicKey, valueSubject, type TopicKey } from '../../shared/contracts/topics';
import type { OutgoingRecord, ProducerPort, TopicRecords } from '../../shared/kafka/kafka-ports';
import type { EventLog } from '../ports';

export interface KafkaEventLogDeps {
  readonly producer: Pick<ProducerPort, 'sendBatch'>;
  readonly codec: Pick<AvroCodec, 'encode'>;
  /** topicNames(...) of this deployment. */
  readonly topics: Readonly<Record<TopicKey, string>>;
}

/**
 * Deliveries go to delivery.<provider>.<lane> keyed by device id (even spread, per-device order);
 * receipts to receipts keyed by delivery id. One produce call per emit, acknowledged by all ISRs.
 */
export function createKafkaEventLog(deps: KafkaEventLogDeps): EventLog {
  return {
    async emit(deliveries, receipts) {
      const byTopic = new Map<string, Promise<OutgoingRecord>[]>();
      const add = (topic: string, key: string, value: unknown): void => {
        const record = deps.codec.encode(valueSubject(topic), value).then((bytes) => ({ key, value: bytes }));
        const list = byTopic.get(topic);
        if (list === undefined) byTopic.set(topic, [record]);
        else list.push(record);
      };
      for (const { lane, delivery } of deliveries) {
        add(deps.topics[deliveryTopicKey(delivery.provider, lane)], delivery.device_id, delivery);
      }
      for (const receipt of receipts) add(deps.topics.receipts, receipt.delivery_id, receipt);
      if (byTopic.size === 0) return;
      const batches: TopicRecords[] = await Promise.all(
        [...byTopic].map(async ([topic, records]) => ({ topic, records: await Promise.all(records) })),
      );
      await deps.producer.sendBatch(batches);
    },
  };
}
