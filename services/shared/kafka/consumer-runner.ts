import type { Type } from 'avsc';
import type { AvroCodec } from '../codec/avro-codec';
import type { Parser } from '../codec/parse';
import type { Logger } from '../logger';
import type { HeraldMetrics } from '../metrics';
import { createBatchProcessor } from './batch-processor';
import { createDeadLetterSink } from './dead-letter';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './failure-policy';
import type { ConsumerPort, ProducerPort, TopicPartitions } from './kafka-ports';
import type { StageHandler } from './stage-handler';

// The shared consumer runner every stage uses. It owns consuming (eachBatch), decoding, batching,
// offset resolution and commits, retries with backoff and dead-lettering; the stage supplies a
// parse step and a handler. Handlers never commit.

export interface ConsumerRunnerDeps {
  /** A consumer already configured with the group id (see createKafkajsConsumer). */
  readonly consumer: ConsumerPort;
  readonly codec: Pick<AvroCodec, 'decode' | 'encode'>;
  /** Used for dead letters; shared with the stage, so the runner neither connects nor disconnects it. */
  readonly producer: Pick<ProducerPort, 'send'>;
  readonly logger: Logger;
  readonly metrics?: HeraldMetrics;
  /** Milliseconds since the Unix epoch; default Date.now. */
  readonly clock?: () => number;
  /** Uniform in [0, 1); default Math.random. */
  readonly random?: () => number;
}

export interface ConsumerRunnerOptions<T> {
  /** Stage name: metric label and the dead letter's `stage` field (e.g. "targeting", "sender-fcm"). */
  readonly stage: string;
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts; default true (nothing is skipped). */
  readonly fromBeginning?: boolean;
  readonly parse: Parser<T>;
  /** Decode into this Avro schema, resolving from each message's writer schema. */
  readonly readerSchema?: Type;
  readonly handler: StageHandler<T>;
  /** Full dead-letter topic name (topicNames().deadletters, e.g. "herald.deadletters"). */
  readonly deadLetterTopic: string;
  /** Registry subject of dead letters; default `<deadLetterTopic>-value`. */
  readonly deadLetterSubject?: string;
  /** Records per handler call; default 500. */
  readonly maxBatchRecords?: number;
  /** Partitions handled in parallel by this member; default 1. */
  readonly partitionsConsumedConcurrently?: number;
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** Called when the client crashed and will not restart by itself (main should exit non-zero). */
  readonly onFatalError?: (error: Error) => void;
}

export interface ConsumerRunner {
  /** Connects, subscribes and joins the group; resolves once consuming. */
  start(): Promise<void>;
  /** Finishes the in-flight handler call, commits resolved offsets, leaves the group, disconnects. Idempotent. */
  stop(): Promise<void>;
  /** Joined the group and consuming (for /readyz). */
  isReady(): boolean;
  /** Partitions assigned at the last join. */
  assignment(): readonly TopicPartitions[];
}

export function createConsumerRunner<T>(deps: ConsumerRunnerDeps, options: ConsumerRunnerOptions<T>): ConsumerRunner {
  const { consumer } = deps;
  const logger = deps.logger.child({ stage: options.stage, group: consumer.groupId });
  const readerSchema = options.readerSchema;
  const processor = createBatchProcessor<T>({
    stage: options.stage,
    groupId: consumer.groupId,
    decode: (bytes) => deps.codec.decode(bytes, readerSchema ? { readerSchema } : undefined),
    parse: options.parse,
    handler: options.handler,
    deadLetters: createDeadLetterSink({
      codec: deps.codec,
      producer: deps.producer,
      topic: options.deadLetterTopic,
      ...(options.deadLetterSubject === undefined ? {} : { subject: options.deadLetterSubject }),
    }),
    retryPolicy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
    maxBatchRecords: options.maxBatchRecords ?? 500,
    logger,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    clock: deps.clock ?? Date.now,
    random: deps.random ?? Math.random,
    schedule: (task, delayMs) => {
      const timer = setTimeout(task, delayMs);
      return () => clearTimeout(timer);
    },
  });

  let state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  let joined = false;
  let assigned: readonly TopicPartitions[] = [];
  let stopping: Promise<void> | undefined;

  consumer.onGroupJoin((assignment) => {
    joined = true;
    assigned = assignment;
    logger.info({ assignment }, 'joined consumer group');
  });
  consumer.onCrash((error, restarting) => {
    joined = false;
    logger.error({ err: error, restarting }, 'consumer crashed');
    if (!restarting && state !== 'stopping' && state !== 'stopped') options.onFatalError?.(error);
  });

  return {
    async start() {
      if (state !== 'new') throw new Error(`consumer runner for ${options.stage} already ${state}`);
      state = 'starting';
      await consumer.connect();
      await consumer.subscribe(options.topics, options.fromBeginning ?? true);
      await consumer.run({
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (batch, controls) => processor.process(batch, controls),
      });
      state = 'running';
      logger.info({ topics: options.topics }, 'consuming');
    },

    stop() {
      if (state === 'new') {
        state = 'stopped';
        return Promise.resolve();
      }
      stopping ??= (async () => {
        state = 'stopping';
        processor.cancelScheduled();
        try {
          await consumer.stop();
        } finally {
          joined = false;
          await consumer.disconnect();
          state = 'stopped';
          logger.info('stopped');
        }
      })();
      return stopping;
    },

    isReady: () => state === 'running' && joined,
    assignment: () => assigned,
  };
}
