// Retry schedule: exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff
// And Jitter"): delay = random(0, min(cap, base * 2^(attempt-1))). A Retry-After from the provider
// wins over the computed delay. Pure: the random source is an input.

export interface RetryPolicy {
  /** Most send attempts per delivery, the first included (≥ 1). */
  readonly maxAttempts: number;
  /** Backoff ceiling of the first retry, milliseconds. */
  readonly baseDelayMs: number;
  /** Largest computed backoff, milliseconds (a provider's Retry-After may exceed it). */
  readonly maxDelayMs: number;
}

export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'give_up' };

/** Upper bound of the jittered backoff after `attempt` failed attempts (1-based), milliseconds. */
export function backoffCeilingMs(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity long after the cap applies; min() keeps the result finite.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
}

/**
 * What to do after attempt `attempt` (1-based) failed transiently. `retryAfterMs` is the provider's
 * Retry-After delay, if it gave one. `random` returns a number in [0, 1).
 */
export function nextRetry(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | null,
  random: () => number,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { kind: 'give_up' };
  if (retryAfterMs !== null) return { kind: 'retry', delayMs: Math.max(0, retryAfterMs) };
  return { kind: 'retry', delayMs: Math.floor(random() * backoffCeilingMs(policy, attempt)) };
}
