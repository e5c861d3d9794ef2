import { backoffCeilingMs, nextRetry, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 6_000 };

describe('retry policy', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 60, 2_000].map((a) => backoffCeilingMs(policy, a))).toEqual([
      1_000, 2_000, 4_000, 6_000, 6_000, 6_000, 6_000,
    ]);
  });

  it('spreads the delay over the whole [0, ceiling) range (full jitter)', () => {
    expect(nextRetry(policy, 3, null, () => 0)).toEqual({ kind: 'retry', delayMs: 0 });
    expect(nextRetry(policy, 3, null, () => 0.5)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(nextRetry(policy, 3, null, () => 0.999_999)).toEqual({ kind: 'retry', delayMs: 3_999 });
  });

  it('keeps every sampled delay inside the bounds', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let attempt = 1; attempt < policy.maxAttempts; attempt += 1) {
      for (let i = 0; i < 200; i += 1) {
        const decision = nextRetry(policy, attempt, null, random);
        if (decision.kind !== 'retry') throw new Error('expected a retry');
        expect(decision.delayMs).toBeGreaterThanOrEqual(0);
        expect(decision.delayMs).toBeLessThan(backoffCeilingMs(policy, attempt));
      }
    }
  });

  it('lets Retry-After win over the computed backoff, even beyond the cap', () => {
    expect(nextRetry(policy, 1, 30_000, () => 0.5)).toEqual({ kind: 'retry', delayMs: 30_000 });
    expect(nextRetry(policy, 4, 0, () => 0.9)).toEqual({ kind: 'retry', delayMs: 0 });
  });

  it('gives up once the attempts are used, whatever Retry-After says', () => {
    expect(nextRetry(policy, 5, null, () => 0.5)).toEqual({ kind: 'give_up' });
    expect(nextRetry(policy, 5, 1_000, () => 0.5)).toEqual({ kind: 'give_up' });
    expect(nextRetry({ ...policy, maxAttempts: 1 }, 1, null, () => 0.5)).toEqual({ kind: 'give_up' });
  });
});
