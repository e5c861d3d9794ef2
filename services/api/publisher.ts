import type { ProducerPort } from '../shared/kafka/kafka-ports';
import type { AvroCodec } from '../shared/codec/avro-codec';
import type { BroadcastTrigger, NotificationRequest } from '../shared/contracts/messages';
import { valueSubject } from '../shared/contracts/topics';

// What the API puts on Kafka: canonical notification requests, broadcast triggers (Avro, Confluent
// wire format, keyed like the topic declaration says), and replays of dead-lettered bytes, untouched.

export interface OutboundMessage {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string | Buffer>>;
}

/** The shared producer (acks from all in-sync replicas) is all the publisher needs. */
export type MessageProducer = Pick<ProducerPort, 'sendBatch'>;

export interface ApiPublisher {
  publishRequest(request: NotificationRequest): Promise<void>;
  publishTrigger(trigger: BroadcastTrigger): Promise<void>;
  /** Re-publishes original bytes (dead-letter replay) to their topics. */
  republish(messages: readonly OutboundMessage[]): Promise<void>;
}

export interface PublisherTopics {
  readonly requests: string;
  readonly triggers: string;
}

export function createApiPublisher(deps: { producer: MessageProducer; codec: AvroCodec; topics: PublisherTopics }): ApiPublisher {
  async function publish(topic: string, key: string, value: unknown): Promise<void> {
    const bytes = await deps.codec.encode(valueSubject(topic), value);
    await deps.producer.sendBatch([{ topic, records: [{ key: Buffer.from(key, 'utf8'), value: bytes }] }]);
  }
  return {
    publishRequest: (request) => publish(deps.topics.requests, request.event_id, request),
    publishTrigger: (trigger) => publish(deps.topics.triggers, trigger.broadcast_id, trigger),
    republish: (messages) =>
      deps.producer.sendBatch(messages.map((m) => ({ topic: m.topic, records: [{ key: m.key, value: m.value, headers: m.headers }] }))),
  };
}
