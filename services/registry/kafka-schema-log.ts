import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, Partitioners, logLevel, type Admin, type LogEntry as KafkaLogEntry } from 'kafkajs';
import type { RegistryLogger } from './registry-logger';
import type { LogEntry, SchemaLog } from './schema-log';

export interface KafkaSchemaLogOptions {
  brokers: readonly string[];
  /** One partition, cleanup.policy=compact; created if missing. */
  topic: string;
  logger: RegistryLogger;
  /** How long start-up may take to read the topic to its end, in milliseconds. */
  replayTimeoutMs?: number;
}

const TOPIC_READY_ATTEMPTS = 20;
const TOPIC_READY_PAUSE_MS = 250;

/**
 * The registry's log on a compacted Kafka topic, as Confluent's `_schemas`. Replay reads the topic from
 * the beginning up to the high watermark taken when replay starts, through a throw-away consumer group
 * (kafkajs has no manual partition assignment) that never commits and is deleted afterwards.
 * Appends use acks=-1 and one request in flight, so the topic's order is the order of writes.
 * If kafkajs restarts the replay consumer midway it reads from the beginning again; replaying a prefix
 * twice is harmless because each record sets the state of its key.
 */
export function createKafkaSchemaLog(options: KafkaSchemaLogOptions): SchemaLog {
  const { topic, logger, replayTimeoutMs = 60_000 } = options;
  const kafka = new Kafka({
    clientId: 'herald-registry',
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forwardKafkaLog(logger, entry),
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let connected: Promise<void> | undefined;
  const connect = (): Promise<void> => (connected ??= Promise.all([admin.connect(), producer.connect()]).then(() => undefined));

  return {
    async replay(onEntry) {
      await connect();
      await ensureCompactedTopic(admin, topic, logger);
      const end = await highWatermark(admin, topic);
      if (end.high <= end.low) return;
      await readUntil(kafka, admin, topic, end.high, onEntry, replayTimeoutMs);
    },
    async append(entry) {
      await connect();
      await producer.send({ topic, acks: -1, messages: [{ key: entry.key, value: entry.value, partition: 0 }] });
    },
    async close() {
      if (!connected) return;
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}

async function ensureCompactedTopic(admin: Admin, topic: string, logger: RegistryLogger): Promise<void> {
  if (!(await admin.listTopics()).includes(topic)) {
    const topics = [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }];
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
      logger.info({ topic }, 'created the schema topic');
      return;
    } catch (error) {
      // Someone else may have created it since listTopics.
      if (!(await admin.listTopics()).includes(topic)) throw error;
    }
  }
  const described = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
    includeSynonyms: false,
  });
  const policy = described.resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue;
  if (policy !== 'compact') logger.warn({ topic, policy }, 'the schema topic is not compacted; old records will be lost');
}

/** The partition's offsets, retried while a freshly created topic has no leader yet. */
async function highWatermark(admin: Admin, topic: string): Promise<{ low: bigint; high: bigint }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const partitions = await admin.fetchTopicOffsets(topic);
      const only = partitions[0];
      if (partitions.length !== 1 || !only) {
        throw new Error(`topic ${topic} has ${partitions.length} partitions; the registry needs exactly 1`);
      }
      return { low: BigInt(only.low), high: BigInt(only.high) };
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= TOPIC_READY_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, TOPIC_READY_PAUSE_MS));
    }
  }
}

async function readUntil(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  end: bigint,
  onEntry: (entry: LogEntry) => void,
  timeoutMs: number,
): Promise<void> {
  const groupId = `herald-registry-replay-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  try {
    const caughtUp = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`reading ${topic} to offset ${end} took over ${timeoutMs} ms`)), timeoutMs);
      const run = async (): Promise<void> => {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatch: ({ batch }) => {
            if (done) return Promise.resolve();
            try {
              for (const message of batch.messages) {
                if (BigInt(message.offset) >= end) break;
                onEntry({ key: message.key?.toString('utf8') ?? '', value: message.value?.toString('utf8') ?? null });
              }
              if (BigInt(batch.lastOffset()) + 1n >= end) {
                done = true;
                resolve();
              }
            } catch (error) {
              done = true;
              reject(error instanceof Error ? error : new Error(String(error)));
            }
            return Promise.resolve();
          },
        });
      };
      run().catch(reject);
    });
    await caughtUp;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

/**
 * kafkajs logs every protocol error response at ERROR before its own retry handles it (e.g. "group
 * coordinator not available" while a new cluster creates __consumer_offsets); those go to debug, and
 * what kafkajs gives up on reaches the registry as an exception anyway.
 */
function forwardKafkaLog(logger: RegistryLogger, entry: KafkaLogEntry): void {
  const { message, ...fields } = entry.log;
  const text = String(message);
  const line = { kafka: entry.namespace, ...fields };
  if (entry.namespace === 'Connection' && text.startsWith('Response ')) logger.debug(line, text);
  else if (entry.level === logLevel.ERROR) logger.error(line, text);
  else if (entry.level === logLevel.WARN) logger.warn(line, text);
  else logger.info(line, text);
}
