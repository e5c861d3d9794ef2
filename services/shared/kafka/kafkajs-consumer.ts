import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { ConsumedRecord, ConsumerPort, PartitionBatch, TopicPartitions } from './kafka-ports';

export interface KafkajsConsumerOptions {
  readonly groupId: string;
  /** Milliseconds without heartbeat before the broker evicts the member. */
  readonly sessionTimeoutMs?: number;
  /** Milliseconds between heartbeats (sent between handler calls too). */
  readonly heartbeatIntervalMs?: number;
  /** Milliseconds members get to finish their batch and rejoin during a rebalance. */
  readonly rebalanceTimeoutMs?: number;
  /** Bytes fetched per partition per request (bounds a batch's memory). */
  readonly maxBytesPerPartition?: number;
  /** Milliseconds the broker holds a fetch open when there is nothing new (also the idle sleep when all partitions are paused). */
  readonly maxWaitTimeMs?: number;
}

/** Headers as Buffers; a repeated header keeps its last value. */
export function normalizeHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    out[name] = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  }
  return out;
}

function toRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: normalizeHeaders(message.headers),
    timestampMs: Number(message.timestamp),
  };
}

/** The kafkajs adapter of ConsumerPort. Offsets are resolved by the runner only; kafkajs commits what is resolved. */
export function createKafkajsConsumer(kafka: Kafka, options: KafkajsConsumerOptions): ConsumerPort {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
  });

  return {
    groupId: options.groupId,
    connect: () => consumer.connect(),
    disconnect: () => consumer.disconnect(),
    stop: () => consumer.stop(),
    subscribe: (topics, fromBeginning) => consumer.subscribe({ topics: [...topics], fromBeginning }),
    onGroupJoin(listener) {
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assignment: TopicPartitions[] = Object.entries(event.payload.memberAssignment).map(
          ([topic, partitions]) => ({ topic, partitions }),
        );
        listener(assignment);
      });
    },
    onCrash(listener) {
      consumer.on(consumer.events.CRASH, (event) => listener(event.payload.error, event.payload.restart));
    },
    run: (config) =>
      consumer.run({
        // Only offsets the runner resolved are committed: after each batch, and on stop().
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const partitionBatch: PartitionBatch = {
            topic: batch.topic,
            partition: batch.partition,
            highWatermark: batch.highWatermark,
            records: batch.messages.map((message) => toRecord(batch.topic, batch.partition, message)),
          };
          await config.eachBatch(partitionBatch, {
            resolveOffset: (offset) => payload.resolveOffset(offset),
            heartbeat: () => payload.heartbeat(),
            pausePartition: () => payload.pause(),
            isRunning: () => payload.isRunning(),
            isStale: () => payload.isStale(),
          });
        },
      }),
  };
}
