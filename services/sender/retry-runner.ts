import type { Delivery } from '../shared/contracts/messages';
import type { AvroCodec } from '../shared/codec/avro-codec';
import type { Parser } from '../shared/codec/parse';
import type { Type } from 'avsc';
import { createBatchProcessor } from '../shared/kafka/batch-processor';
import { createDeadLetterSink } from '../shared/kafka/dead-letter';
import { DEFAULT_RETRY_POLICY } from '../shared/kafka/failure-policy';
import type { BatchControls, ConsumerPort, PartitionBatch, ProducerPort } from '../shared/kafka/kafka-ports';
import type { StageHandler } from '../shared/kafka/stage-handler';
import type { Logger } from '../shared/logger';
import type { HeraldMetrics } from '../shared/metrics';
import { firstNotDue, notBeforeOf } from './not-before-header';

// The consumer of a provider's retry topic. Records there wait for their not_before: the due prefix of
// each fetched batch goes through the shared batch processor (decode, handler, dead letters, offset
// resolution), and when the head of the partition is not due yet the partition is paused and resumed
// at that instant. Nothing spins and nothing sleeps inside eachBatch; other partitions keep flowing.
// (The shared consumer runner has no such "hold until" step yet, so this composes its parts.)

export interface RetryRunnerDeps {
  readonly consumer: ConsumerPort;
  readonly codec: Pick<AvroCodec, 'decode' | 'encode'>;
  readonly producer: Pick<ProducerPort, 'send'>;
  readonly logger: Logger;
  readonly metrics?: HeraldMetrics;
  readonly clock: () => number;
  readonly random: () => number;
}

export interface RetryRunnerOptions {
  readonly stage: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly parse: Parser<Delivery>;
  readonly readerSchema: Type;
  readonly handler: StageHandler<Delivery>;
  readonly maxBatchRecords: number;
  readonly partitionsConsumedConcurrently: number;
  readonly onFatalError?: (error: Error) => void;
}

export interface RetryRunner {
  start(): Promise<void>;
  /** Cancels pending resumes, finishes the in-flight batch, commits, leaves the group. Idempotent. */
  stop(): Promise<void>;
  isReady(): boolean;
}

export function createRetryRunner(deps: RetryRunnerDeps, options: RetryRunnerOptions): RetryRunner {
  const { consumer, metrics } = deps;
  const logger = deps.logger.child({ stage: options.stage, group: consumer.groupId });
  const timers = new Set<NodeJS.Timeout>();
  const schedule = (task: () => void, delayMs: number): (() => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, delayMs);
    timers.add(timer);
    return () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
  };
  const processor = createBatchProcessor<Delivery>({
    stage: options.stage,
    groupId: consumer.groupId,
    decode: (bytes) => deps.codec.decode(bytes, { readerSchema: options.readerSchema }),
    parse: options.parse,
    handler: options.handler,
    deadLetters: createDeadLetterSink({ codec: deps.codec, producer: deps.producer, topic: options.deadLetterTopic }),
    retryPolicy: DEFAULT_RETRY_POLICY,
    maxBatchRecords: options.maxBatchRecords,
    logger,
    ...(metrics === undefined ? {} : { metrics }),
    clock: deps.clock,
    random: deps.random,
    schedule,
  });

  const holdUntilDue = (batch: PartitionBatch, controls: BatchControls, dueAtMs: number): void => {
    const resume = controls.pausePartition();
    const labels = { group: consumer.groupId, topic: batch.topic };
    metrics?.pausedPartitions.inc(labels);
    schedule(() => {
      metrics?.pausedPartitions.dec(labels);
      resume();
    }, Math.max(0, dueAtMs - deps.clock()));
  };

  const eachBatch = async (batch: PartitionBatch, controls: BatchControls): Promise<void> => {
    const cut = firstNotDue(batch.records, deps.clock());
    let lastResolved: string | null = null;
    if (cut > 0) {
      const tracking: BatchControls = {
        ...controls,
        resolveOffset: (offset) => {
          lastResolved = offset;
          controls.resolveOffset(offset);
        },
      };
      await processor.process({ ...batch, records: batch.records.slice(0, cut) }, tracking);
    }
    const head = batch.records[cut];
    if (head === undefined || !controls.isRunning() || controls.isStale()) return;
    // The processor paused the partition itself (a retriable failure) or stopped early: leave it be.
    if (cut > 0 && lastResolved !== batch.records[cut - 1]!.offset) return;
    holdUntilDue(batch, controls, notBeforeOf(head));
  };

  let state: 'new' | 'running' | 'stopped' = 'new';
  let joined = false;
  let stopping: Promise<void> | undefined;
  consumer.onGroupJoin(() => {
    joined = true;
  });
  consumer.onCrash((error, restarting) => {
    joined = false;
    logger.error({ err: error, restarting }, 'retry consumer crashed');
    if (!restarting && state === 'running') options.onFatalError?.(error);
  });

  return {
    async start() {
      await consumer.connect();
      await consumer.subscribe([options.topic], true);
      await consumer.run({ partitionsConsumedConcurrently: options.partitionsConsumedConcurrently, eachBatch });
      state = 'running';
      logger.info({ topic: options.topic }, 'consuming retries');
    },
    stop() {
      stopping ??= (async () => {
        const wasRunning = state === 'running';
        state = 'stopped';
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        processor.cancelScheduled();
        if (!wasRunning) return;
        try {
          await consumer.stop();
        } finally {
          joined = false;
          await consumer.disconnect();
        }
      })();
      return stopping;
    },
    isReady: () => state === 'running' && joined,
  };
}
