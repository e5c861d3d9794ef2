/**
 * A token bucket like FCM's per-project quota: `limit` messages per `windowMs`, refilled continuously
 * (the window is not aligned to clock minutes). Pure: state in, state out.
 */
export interface QuotaBucket {
  limit: number;
  windowMs: number;
  tokens: number;
  updatedAtMs: number;
}

export type QuotaDecision =
  | { allowed: true; bucket: QuotaBucket }
  | { allowed: false; bucket: QuotaBucket; retryAfterSeconds: number };

export function newQuotaBucket(limit: number, windowMs: number, nowMs: number): QuotaBucket {
  return { limit, windowMs, tokens: limit, updatedAtMs: nowMs };
}

export function takeFromBucket(bucket: QuotaBucket, nowMs: number): QuotaDecision {
  const refillPerMs = bucket.limit / bucket.windowMs;
  const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
  const tokens = Math.min(bucket.limit, bucket.tokens + elapsedMs * refillPerMs);
  if (tokens >= 1) return { allowed: true, bucket: { ...bucket, tokens: tokens - 1, updatedAtMs: nowMs } };
  const waitMs = (1 - tokens) / refillPerMs;
  return {
    allowed: false,
    bucket: { ...bucket, tokens, updatedAtMs: nowMs },
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  };
}
