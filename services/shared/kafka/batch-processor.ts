import type { Parser } from '../codec/parse';
import { ERROR_CODES, toHeraldError, type ErrorCode, type HeraldError } from '../errors';
import type { Logger } from '../logger';
import type { HeraldMetrics } from '../metrics';
import { buildDeadLetter, type DeadLetterSink } from './dead-letter';
import { backoffDelayMs, decideOnFailure, type RetryPolicy } from './failure-policy';
import type { BatchControls, ConsumedRecord, PartitionBatch } from './kafka-ports';
import type { HandlerContext, StageHandler, StageMessage } from './stage-handler';

// The heart of the consumer runner, per partition batch: decode → parse → handler (a chunk at a
// time) → dead-letter what cannot be processed → resolve offsets. An offset is resolved only once
// every record up to it was handled or dead-lettered (acknowledged), so commits are at-least-once.
// A retriable failure pauses only this partition and leaves its offsets unresolved, so the same
// records are fetched again after the backoff.

export interface BatchProcessorDeps<T> {
  readonly stage: string;
  readonly groupId: string;
  readonly decode: (bytes: Buffer | null) => Promise<unknown>;
  readonly parse: Parser<T>;
  readonly handler: StageHandler<T>;
  readonly deadLetters: DeadLetterSink;
  readonly retryPolicy: RetryPolicy;
  /** Records per handler call (a fetched batch is split into chunks of this size). */
  readonly maxBatchRecords: number;
  readonly logger: Logger;
  readonly metrics?: HeraldMetrics;
  /** Milliseconds since the Unix epoch. */
  readonly clock: () => number;
  /** Uniform in [0, 1), for backoff jitter. */
  readonly random: () => number;
  /** Runs `task` after `delayMs` milliseconds; returns a cancel function. */
  readonly schedule: (task: () => void, delayMs: number) => () => void;
}

export interface BatchProcessor {
  process(batch: PartitionBatch, controls: BatchControls): Promise<void>;
  /** Cancels pending resumes (on stop). */
  cancelScheduled(): void;
}

type ChunkOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'retry'; readonly fromOffset: string; readonly attempt: number; readonly delayMs: number };

const DONE: ChunkOutcome = { kind: 'done' };
const STOPPED: ChunkOutcome = { kind: 'stopped' };

/** Errors from the client's own controls (e.g. a heartbeat that learnt of a rebalance) go back to the client. */
class ControlError extends Error {
  constructor(readonly original: unknown) {
    super('consumer control failed');
  }
}

function lastOf(records: readonly ConsumedRecord[]): ConsumedRecord {
  const last = records[records.length - 1];
  if (!last) throw new Error('empty chunk');
  return last;
}

export function createBatchProcessor<T>(deps: BatchProcessorDeps<T>): BatchProcessor {
  const { stage, metrics, logger } = deps;
  /** topic|partition → the attempt last made at the records starting at `offset`. */
  const pendingRetries = new Map<string, { offset: string; attempt: number }>();
  /** release (gauge bookkeeping) → cancel timer, for each paused partition waiting to resume. */
  const scheduled = new Map<() => void, () => void>();

  const labels = (topic: string) => ({ stage, topic });

  async function deadLetter(
    entries: readonly { record: ConsumedRecord; code: ErrorCode; message: string }[],
    attempts: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const nowMs = deps.clock();
    await deps.deadLetters.send(
      entries.map(({ record, code, message }) => buildDeadLetter({ record, stage, code, message, attempts, nowMs })),
    );
    for (const { record, code, message } of entries) {
      metrics?.deadLetters.inc({ stage, reason: ERROR_CODES[code].metricLabel });
      logger.warn(
        { topic: record.topic, partition: record.partition, offset: record.offset, code, attempts },
        `dead-lettered: ${message}`,
      );
    }
  }

  /** One try at a chunk; throws when the chunk as a whole must be retried or isolated. */
  async function attemptChunk(records: readonly ConsumedRecord[], attempt: number, controls: BatchControls) {
    const messages: StageMessage<T>[] = [];
    const rejected: { record: ConsumedRecord; error: HeraldError }[] = [];
    for (const record of records) {
      try {
        const value = deps.parse(await deps.decode(record.value));
        const { topic, partition, offset, key, headers, timestampMs } = record;
        messages.push({ value, key, headers, topic, partition, offset, timestampMs });
      } catch (error) {
        const failure = toHeraldError(error);
        if (failure.retriable) throw failure;
        rejected.push({ record, error: failure });
      }
    }
    if (messages.length > 0) {
      const { topic, partition } = lastOf(records);
      const context: HandlerContext = {
        stage,
        topic,
        partition,
        attempt,
        logger,
        isRunning: () => controls.isRunning(),
        heartbeat: async () => {
          try {
            await controls.heartbeat();
          } catch (error) {
            throw new ControlError(error);
          }
        },
      };
      metrics?.handleBatchSize.observe(labels(topic), messages.length);
      const endTimer = metrics?.handleDuration.startTimer(labels(topic));
      let result: Awaited<ReturnType<StageHandler<T>>>;
      try {
        result = await deps.handler(messages, context);
      } finally {
        endTimer?.();
      }
      for (const { offset, error } of result?.rejected ?? []) {
        const record = records.find((r) => r.offset === offset);
        if (record) rejected.push({ record, error });
        else logger.error({ topic, partition, offset }, 'handler rejected an offset that is not in its batch; ignored');
      }
    }
    rejected.sort((a, b) => (BigInt(a.record.offset) < BigInt(b.record.offset) ? -1 : 1));
    await deadLetter(
      rejected.map(({ record, error }) => ({
        record,
        // A retriable error handed back as "rejected" means the handler itself gave up retrying.
        code: error.retriable ? 'RETRIES_EXHAUSTED' : error.code,
        message: error.message,
      })),
      attempt,
    );
  }

  async function runChunk(
    records: readonly ConsumedRecord[],
    attempt: number,
    controls: BatchControls,
  ): Promise<ChunkOutcome> {
    const last = lastOf(records);
    let failure: HeraldError;
    try {
      await attemptChunk(records, attempt, controls);
      controls.resolveOffset(last.offset);
      metrics?.messagesConsumed.inc(labels(last.topic), records.length);
      return DONE;
    } catch (error) {
      if (error instanceof ControlError) throw error.original;
      failure = toHeraldError(error);
    }
    const first = records[0] ?? last;
    const where = { topic: first.topic, partition: first.partition, offset: first.offset, records: records.length };
    const decision = decideOnFailure(failure, attempt, records.length, deps.retryPolicy, deps.random);
    switch (decision.action) {
      case 'retry':
        metrics?.retries.inc({ stage, reason: failure.metricLabel });
        logger.warn({ ...where, attempt, code: failure.code, delayMs: decision.delayMs }, `retrying: ${failure.message}`);
        return { kind: 'retry', fromOffset: first.offset, attempt, delayMs: decision.delayMs };
      case 'isolate':
        logger.warn({ ...where, attempt, code: failure.code }, `isolating records after: ${failure.message}`);
        for (const record of records) {
          if (!controls.isRunning() || controls.isStale()) return STOPPED;
          const outcome = await runChunk([record], attempt, controls);
          if (outcome.kind !== 'done') return outcome;
        }
        return DONE;
      case 'dead_letter':
        try {
          await deadLetter([{ record: last, code: decision.code, message: decision.message }], attempt);
        } catch (error) {
          // Without an acknowledged dead letter the record must not be skipped: retry it later.
          logger.error({ ...where, err: error }, 'dead-lettering failed; the partition waits and retries');
          const delayMs = backoffDelayMs(attempt, deps.retryPolicy, deps.random);
          return { kind: 'retry', fromOffset: first.offset, attempt, delayMs };
        }
        controls.resolveOffset(last.offset);
        metrics?.messagesConsumed.inc(labels(last.topic), 1);
        return DONE;
    }
  }

  function pauseAndResumeLater(batch: PartitionBatch, controls: BatchControls, delayMs: number): void {
    const resume = controls.pausePartition();
    const gaugeLabels = { group: deps.groupId, topic: batch.topic };
    metrics?.pausedPartitions.inc(gaugeLabels);
    const release = (): void => {
      scheduled.delete(release);
      metrics?.pausedPartitions.dec(gaugeLabels);
    };
    const cancelTimer = deps.schedule(() => {
      release();
      resume();
    }, delayMs);
    scheduled.set(release, cancelTimer);
  }

  async function process(batch: PartitionBatch, controls: BatchControls): Promise<void> {
    const partitionKey = `${batch.topic}|${batch.partition}`;
    for (let start = 0; start < batch.records.length; start += deps.maxBatchRecords) {
      if (!controls.isRunning() || controls.isStale()) return;
      const chunk = batch.records.slice(start, start + deps.maxBatchRecords);
      const pending = pendingRetries.get(partitionKey);
      const attempt = pending && pending.offset === chunk[0]?.offset ? pending.attempt + 1 : 1;
      const outcome = await runChunk(chunk, attempt, controls);
      if (outcome.kind === 'stopped') return;
      if (outcome.kind === 'retry') {
        pendingRetries.set(partitionKey, { offset: outcome.fromOffset, attempt: outcome.attempt });
        pauseAndResumeLater(batch, controls, outcome.delayMs);
        return;
      }
      pendingRetries.delete(partitionKey);
      const lag = BigInt(batch.highWatermark) - BigInt(lastOf(chunk).offset) - 1n;
      metrics?.consumerLag.set(
        { group: deps.groupId, topic: batch.topic, partition: String(batch.partition) },
        Number(lag > 0n ? lag : 0n),
      );
      await controls.heartbeat();
    }
  }

  return {
    process,
    cancelScheduled() {
      for (const [release, cancelTimer] of [...scheduled]) {
        cancelTimer();
        release();
      }
    },
  };
}
