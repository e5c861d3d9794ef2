import { CompressionTypes, type Kafka, type Message, type TopicMessages } from 'kafkajs';
import type { HeraldMetrics } from '../metrics';
import type { OutgoingRecord, ProducerPort, TopicRecords } from './kafka-ports';

export interface ProducerOptions {
  /** Stage label on herald_messages_produced_total. */
  readonly stage: string;
  readonly metrics?: HeraldMetrics;
  /** Records per produce request; larger sends are split and sent in order. */
  readonly maxRecordsPerRequest?: number;
  /** Milliseconds the broker may take to get acks from all in-sync replicas. */
  readonly ackTimeoutMs?: number;
  readonly compression?: 'none' | 'gzip';
  /**
   * kafkajs' idempotent producer is experimental and has lost concurrent sends silently
   * (tulios/kafkajs#1005), so it is off by default: the pipeline is at-least-once and
   * de-duplicates downstream. When on, requests are limited to one in flight per broker.
   */
  readonly idempotent?: boolean;
}

const DEFAULT_MAX_RECORDS_PER_REQUEST = 1_000;

function toKafkajsMessage(record: OutgoingRecord): Message {
  return {
    key: record.key ?? null,
    value: record.value,
    ...(record.headers === undefined ? {} : { headers: { ...record.headers } }),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
    ...(record.timestampMs === undefined ? {} : { timestamp: String(record.timestampMs) }),
  };
}

/** Splits topic batches into requests of at most `maxRecords` records, keeping each topic's order. */
export function planRequests(batches: readonly TopicRecords[], maxRecords: number): TopicRecords[][] {
  const requests: TopicRecords[][] = [];
  let current: TopicRecords[] = [];
  let size = 0;
  for (const { topic, records } of batches) {
    let start = 0;
    while (start < records.length) {
      const take = Math.min(maxRecords - size, records.length - start);
      current.push({ topic, records: records.slice(start, start + take) });
      size += take;
      start += take;
      if (size === maxRecords) {
        requests.push(current);
        current = [];
        size = 0;
      }
    }
  }
  if (size > 0) requests.push(current);
  return requests;
}

/** The kafkajs adapter of ProducerPort: acks from all in-sync replicas, batched requests sent in order. */
export function createProducer(kafka: Kafka, options: ProducerOptions): ProducerPort {
  const idempotent = options.idempotent ?? false;
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent,
    ...(idempotent ? { maxInFlightRequests: 1 } : {}),
  });
  const maxRecords = options.maxRecordsPerRequest ?? DEFAULT_MAX_RECORDS_PER_REQUEST;
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;

  async function sendBatch(batches: readonly TopicRecords[]): Promise<void> {
    for (const request of planRequests(batches, maxRecords)) {
      const topicMessages: TopicMessages[] = request.map(({ topic, records }) => ({
        topic,
        messages: records.map(toKafkajsMessage),
      }));
      await producer.sendBatch({ topicMessages, acks: -1, timeout: options.ackTimeoutMs ?? 30_000, compression });
      for (const { topic, records } of request) {
        options.metrics?.messagesProduced.inc({ stage: options.stage, topic }, records.length);
      }
    }
  }

  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    send: (topic, records) => sendBatch([{ topic, records }]),
    sendBatch,
  };
}
