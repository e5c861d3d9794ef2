import type { ErrorCode, HeraldError } from '../errors';

// Pure decisions of the consumer runner: what to do when decoding or handling failed, and how long
// to back off. Decided from the error's code (via `retriable`), never from its message.

export interface RetryPolicy {
  /** Attempts per batch (first try included) before a retriable failure is dead-lettered; Infinity = never give up. */
  readonly maxAttempts: number;
  /** Milliseconds before the second attempt. */
  readonly initialDelayMs: number;
  /** Upper bound of any single backoff, milliseconds. */
  readonly maxDelayMs: number;
  /** Growth of the delay per attempt. */
  readonly multiplier: number;
  /** 0..1: the delay is drawn uniformly from [delay·(1-jitter), delay]. */
  readonly jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
});

export type FailureDecision =
  /** Pause the partition for `delayMs`, then fetch and try the same records again (attempt + 1). */
  | { readonly action: 'retry'; readonly delayMs: number }
  /** Several records failed together: handle them one at a time to find the one at fault. */
  | { readonly action: 'isolate' }
  /** Give up on the (single) record: dead-letter it with this code and move on. */
  | { readonly action: 'dead_letter'; readonly code: ErrorCode; readonly message: string };

/** Milliseconds to wait after failed attempt number `attempt` (1-based); `random` in [0, 1). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/**
 * The runner's decision after attempt number `attempt` (1-based) over `recordCount` records failed
 * with `error`. Non-retriable failures of a multi-record batch are isolated first, so one bad record
 * never takes its neighbours to the dead letters; retriable ones are retried with backoff until the
 * budget is spent, then isolated (each record gets one last try) and finally dead-lettered.
 */
export function decideOnFailure(
  error: HeraldError,
  attempt: number,
  recordCount: number,
  policy: RetryPolicy,
  random: () => number,
): FailureDecision {
  if (error.retriable && attempt < policy.maxAttempts) {
    return { action: 'retry', delayMs: backoffDelayMs(attempt, policy, random) };
  }
  if (recordCount > 1) return { action: 'isolate' };
  if (error.retriable) {
    return {
      action: 'dead_letter',
      code: 'RETRIES_EXHAUSTED',
      message: `${error.code} after ${attempt} attempts: ${error.message}`,
    };
  }
  return { action: 'dead_letter', code: error.code, message: error.message };
}
