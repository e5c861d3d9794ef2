import { HeraldError } from '../errors';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, decideOnFailure, type RetryPolicy } from './failure-policy';

const policy: RetryPolicy = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0.5 };
const noJitter = () => 0;

describe('backoffDelayMs', () => {
  it('grows exponentially from the initial delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy, noJitter))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('jitters downwards only, within the ratio', () => {
    expect(backoffDelayMs(2, policy, () => 0.999)).toBe(100);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(150);
  });

  it('has a default policy bounded to 30 s per wait', () => {
    expect(backoffDelayMs(50, DEFAULT_RETRY_POLICY, noJitter)).toBe(30_000);
  });
});

describe('decideOnFailure', () => {
  const transient = new HeraldError('TRANSIENT', 'db down');
  const invalid = new HeraldError('INVALID_MESSAGE', 'no user_id');

  it('retries a retriable failure with backoff while attempts remain', () => {
    expect(decideOnFailure(transient, 1, 10, policy, noJitter)).toEqual({ action: 'retry', delayMs: 100 });
    expect(decideOnFailure(transient, 3, 1, policy, noJitter)).toEqual({ action: 'retry', delayMs: 400 });
  });

  it('isolates a multi-record batch before dead-lettering anything', () => {
    expect(decideOnFailure(invalid, 1, 10, policy, noJitter)).toEqual({ action: 'isolate' });
    expect(decideOnFailure(transient, 4, 10, policy, noJitter)).toEqual({ action: 'isolate' });
  });

  it('dead-letters a single record with its own code when not retriable', () => {
    expect(decideOnFailure(invalid, 1, 1, policy, noJitter)).toEqual({
      action: 'dead_letter',
      code: 'INVALID_MESSAGE',
      message: 'no user_id',
    });
  });

  it('dead-letters a single record as RETRIES_EXHAUSTED once the budget is spent', () => {
    expect(decideOnFailure(transient, 4, 1, policy, noJitter)).toEqual({
      action: 'dead_letter',
      code: 'RETRIES_EXHAUSTED',
      message: 'TRANSIENT after 4 attempts: db down',
    });
  });

  it('never gives up with an infinite budget', () => {
    expect(decideOnFailure(transient, 10_000, 1, { ...policy, maxAttempts: Infinity }, noJitter).action).toBe('retry');
  });

  it('decides from the code, not the message', () => {
    const sameText = new HeraldError('PROCESSING_FAILED', 'db down');
    expect(decideOnFailure(sameText, 1, 1, policy, noJitter).action).toBe('dead_letter');
  });
});
