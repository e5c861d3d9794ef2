/** State of a token bucket; a plain value, so the decision is pure and the clock is an input. */
export interface TokenBucket {
  /** Tokens available now; negative while a reservation is being paid back. */
  readonly tokens: number;
  /** When tokens was last brought up to date, ms since the epoch. */
  readonly updatedAtMs: number;
}

export interface BucketSettings {
  /** Refill rate in tokens (deliveries) per second; > 0. */
  readonly ratePerSecond: number;
  /** Most tokens the bucket holds (the largest burst), >= 1. */
  readonly capacity: number;
}

export function fullBucket(settings: BucketSettings, nowMs: number): TokenBucket {
  return { tokens: settings.capacity, updatedAtMs: nowMs };
}

/**
 * Reserves `count` tokens at `nowMs`. Reservations may overdraw the bucket; the caller waits `waitMs`
 * before acting, which keeps the long-run rate at ratePerSecond even for batches larger than capacity.
 */
export function reserve(
  bucket: TokenBucket,
  count: number,
  nowMs: number,
  settings: BucketSettings,
): { readonly bucket: TokenBucket; readonly waitMs: number } {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
  const refilled = Math.min(settings.capacity, bucket.tokens + (elapsedMs * settings.ratePerSecond) / 1000);
  const remaining = refilled - count;
  const waitMs = remaining >= 0 ? 0 : Math.ceil((-remaining * 1000) / settings.ratePerSecond);
  return { bucket: { tokens: remaining, updatedAtMs: Math.max(nowMs, bucket.updatedAtMs) }, waitMs };
}
