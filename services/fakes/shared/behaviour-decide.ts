import type { LatencySpec } from './latency';
import { takeFromBucket, type QuotaBucket } from './quota-bucket';
import type { TokenState } from './provider';

export interface ThrottleRule {
  /** Only this token; all tokens when absent. */
  token?: string;
  untilMs: number;
}

export interface ErrorRateRule {
  /** Fraction of requests (0..1) answered with `status`. */
  rate: number;
  status: 500 | 503;
  /** Sent as Retry-After on 503 where the provider does so (FCM, Web Push). */
  retryAfterSeconds: number;
}

export interface TokenStateEntry {
  state: TokenState;
  sinceMs: number;
}

export interface ProviderBehaviour {
  tokenStates: Map<string, TokenStateEntry>;
  throttles: ThrottleRule[];
  /** Quota buckets by scope (FCM: project id); the scope '*' applies to every request. */
  quotas: Map<string, QuotaBucket>;
  errorRate: ErrorRateRule | null;
  latency: LatencySpec | null;
}

export type ScriptedOutcome =
  | { kind: 'pass' }
  | { kind: 'server-error'; status: 500 | 503; retryAfterSeconds: number }
  | { kind: 'throttled'; cause: 'throttle' | 'quota'; retryAfterSeconds: number };

export interface ScriptedInput {
  token: string;
  scope: string;
  nowMs: number;
  random: () => number;
}

export function emptyBehaviour(): ProviderBehaviour {
  return { tokenStates: new Map(), throttles: [], quotas: new Map(), errorRate: null, latency: null };
}

/**
 * What the script says about one request before the provider looks at it: an injected 5xx, an active
 * throttle window, or an exhausted quota bucket. Returns the buckets to store (a 429 costs no quota).
 */
export function decideScripted(
  behaviour: ProviderBehaviour,
  input: ScriptedInput,
): { outcome: ScriptedOutcome; buckets: Array<[string, QuotaBucket]> } {
  const { errorRate } = behaviour;
  if (errorRate && errorRate.rate > 0 && input.random() < errorRate.rate) {
    return { outcome: { kind: 'server-error', status: errorRate.status, retryAfterSeconds: errorRate.retryAfterSeconds }, buckets: [] };
  }
  const throttleUntil = activeThrottleUntil(behaviour.throttles, input.token, input.nowMs);
  if (throttleUntil !== null) {
    const retryAfterSeconds = Math.max(1, Math.ceil((throttleUntil - input.nowMs) / 1000));
    return { outcome: { kind: 'throttled', cause: 'throttle', retryAfterSeconds }, buckets: [] };
  }
  const buckets: Array<[string, QuotaBucket]> = [];
  for (const scope of ['*', input.scope]) {
    const bucket = behaviour.quotas.get(scope);
    if (!bucket) continue;
    const decision = takeFromBucket(bucket, input.nowMs);
    buckets.push([scope, decision.bucket]);
    if (!decision.allowed) {
      return { outcome: { kind: 'throttled', cause: 'quota', retryAfterSeconds: decision.retryAfterSeconds }, buckets };
    }
  }
  return { outcome: { kind: 'pass' }, buckets };
}

function activeThrottleUntil(rules: readonly ThrottleRule[], token: string, nowMs: number): number | null {
  let until: number | null = null;
  for (const rule of rules) {
    if (rule.untilMs <= nowMs) continue;
    if (rule.token !== undefined && rule.token !== token) continue;
    until = Math.max(until ?? 0, rule.untilMs);
  }
  return until;
}
