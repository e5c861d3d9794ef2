import type { HeraldError } from '../errors';
import type { Logger } from '../logger';

// What a stage writes: a handler over a batch of decoded, typed messages from one partition. It
// transforms and throws typed errors; it never commits (the runner resolves and commits offsets once
// the handler's promise resolved, so its effects must be done — awaited — by then).

export interface StageMessage<T> {
  readonly value: T;
  readonly key: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer>>;
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset, decimal string. */
  readonly offset: string;
  /** Record timestamp, milliseconds since the Unix epoch. */
  readonly timestampMs: number;
}

export interface HandlerContext {
  readonly stage: string;
  readonly topic: string;
  readonly partition: number;
  /** 1 on the first try of these records, then 2, 3... on retries. */
  readonly attempt: number;
  readonly logger: Logger;
  /** Keeps the group membership alive during long work; cheap to call often (sent at most per heartbeat interval). */
  heartbeat(): Promise<void>;
  /** False once the runner is stopping: finish quickly. */
  isRunning(): boolean;
}

export interface RejectedMessage {
  /** Offset of the message given up on (from StageMessage.offset). */
  readonly offset: string;
  /** Why; a non-retriable code. A retriable code here is recorded as RETRIES_EXHAUSTED. */
  readonly error: HeraldError;
}

export interface HandlerResult {
  /** Messages of the batch the handler gives up on; the runner dead-letters them, the rest count as done. */
  readonly rejected?: readonly RejectedMessage[];
}

/**
 * Throwing a retriable HeraldError (or any non-Herald error) retries the whole batch with backoff;
 * throwing a non-retriable one makes the runner retry the messages one at a time and dead-letter
 * the one that still fails. To give up on specific messages without retrying the rest, return them
 * in `rejected`.
 */
export type StageHandler<T> = (
  messages: readonly StageMessage<T>[],
  context: HandlerContext,
) => Promise<HandlerResult | void>;
