import { randomBytes } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';
import { createLogger } from '../../services/shared/logger';
import { createKafka } from '../../services/shared/kafka/kafka-client';
import { testEnv } from './env';
import { waitFor } from './wait-for';

// Kafka for tests: each test gets its own random topics and groups on the real broker.

export function randomSuffix(): string {
  return randomBytes(5).toString('hex');
}

/** A fresh topic name, legal for Kafka: `test.<label>.<random>`. */
export function randomTopicName(label = 'topic'): string {
  return `test.${label.replace(/[^a-zA-Z0-9._-]/g, '-')}.${randomSuffix()}`;
}

export function randomGroupId(label = 'group'): string {
  return `test-${label}-${randomSuffix()}`;
}

/** A kafkajs client for the test stack; kafkajs' recoverable errors stay quiet unless TEST_LOG_LEVEL=debug. */
export function testKafka(clientId = 'herald-test'): Kafka {
  const level = process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'fatal';
  return createKafka({ kafkaBrokers: testEnv().kafkaBrokers, clientId }, createLogger(clientId, level));
}

export interface TestTopicOptions {
  readonly name?: string;
  readonly label?: string;
  readonly partitions?: number;
  readonly config?: Readonly<Record<string, string>>;
}

/** Creates a topic and waits until every partition has a leader (KRaft metadata can lag creation). */
export async function createTestTopic(kafka: Kafka, options: TestTopicOptions = {}): Promise<string> {
  const topic = options.name ?? randomTopicName(options.label);
  const partitions = options.partitions ?? 1;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
          configEntries: Object.entries(options.config ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    await waitFor(
      async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const found = topics[0]?.partitions ?? [];
        return found.length === partitions && found.every((p) => p.leader >= 0);
      },
      { description: `leaders for ${partitions} partition(s) of ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Produces raw records (no codec): for garbage and hand-built frames. */
export async function produceRaw(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export interface ReadOptions {
  /** Stop reading once this holds for the records read so far (default: at least one record). */
  readonly until?: (records: readonly ReadRecord[]) => boolean;
  readonly description?: string;
  readonly timeoutMs?: number;
}

/** Reads a topic from the beginning with a throw-away group until `until` holds; returns what was read. */
export async function readRecords(kafka: Kafka, topic: string, options: ReadOptions = {}): Promise<ReadRecord[]> {
  const until = options.until ?? ((records) => records.length > 0);
  const records: ReadRecord[] = [];
  const consumer = kafka.consumer({ groupId: randomGroupId('reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        });
        return Promise.resolve();
      },
    });
    await waitFor(() => until(records), {
      description: options.description ?? `records on ${topic}`,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Committed offset per partition of `groupId` on `topic` ("-1" when nothing is committed). */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

/** High watermark (next offset to be written) per partition. */
export async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((p) => [p.partition, p.high]));
  } finally {
    await admin.disconnect();
  }
}
