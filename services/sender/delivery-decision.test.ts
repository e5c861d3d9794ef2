import { decideAfterSend, decideBeforeSend, rescheduled } from './delivery-decision';
import { accepted, outcome } from './send-outcome';
import { aDelivery } from './test-support/deliveries';

const NOW = 1_700_000_000_000;
const policy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 };
const half = () => 0.5;

describe('decideBeforeSend', () => {
  it('sends a live, due delivery when the gate is open', () => {
    expect(decideBeforeSend(aDelivery({}, NOW), NOW, null)).toEqual({ kind: 'send' });
  });

  it('expires a delivery whose TTL passed, before anything else', () => {
    const delivery = aDelivery({ expires_at: NOW, not_before: NOW + 5 }, NOW - 10);
    expect(decideBeforeSend(delivery, NOW, NOW + 100)).toEqual({ kind: 'expired' });
  });

  it('defers a delivery that is not yet due, or whose endpoint is paused', () => {
    expect(decideBeforeSend(aDelivery({ not_before: NOW + 5 }, NOW), NOW, null)).toEqual({ kind: 'defer', untilMs: NOW + 5, cause: 'not_before' });
    expect(decideBeforeSend(aDelivery({}, NOW), NOW, NOW + 9)).toEqual({ kind: 'defer', untilMs: NOW + 9, cause: 'provider_gate' });
  });
});

describe('decideAfterSend', () => {
  it.each([
    ['ACCEPTED', 'ACCEPTED'],
    ['TOKEN_DEAD', 'TOKEN_DEAD'],
    ['MESSAGE_REJECTED', 'MESSAGE_REJECTED'],
    ['CREDENTIALS_REJECTED', 'CREDENTIALS_REJECTED'],
  ] as const)('%s is final (%s receipt), never retried', (code, status) => {
    const result = code === 'ACCEPTED' ? accepted(200, 'id') : outcome(code, 'why', { httpStatus: 400 });
    expect(decideAfterSend(aDelivery({}, NOW), result, policy, NOW, half)).toEqual({
      kind: 'final',
      status,
      reason: code === 'ACCEPTED' ? null : 'why',
      deadLetter: false,
    });
  });

  it('retries a transient failure with jittered backoff', () => {
    expect(decideAfterSend(aDelivery({ attempt: 2 }, NOW), outcome('RETRY_LATER', 'UNAVAILABLE'), policy, NOW, half)).toEqual({
      kind: 'retry',
      notBeforeMs: NOW + 1_000,
      reason: 'UNAVAILABLE',
    });
  });

  it('lets Retry-After decide the next attempt', () => {
    const result = outcome('RETRY_LATER', 'QUOTA_EXCEEDED', { retryAfterMs: 42_000 });
    expect(decideAfterSend(aDelivery({}, NOW), result, policy, NOW, half)).toMatchObject({ kind: 'retry', notBeforeMs: NOW + 42_000 });
  });

  it('fails and dead-letters once the attempts are used up', () => {
    expect(decideAfterSend(aDelivery({ attempt: 3 }, NOW), outcome('RETRY_LATER', 'INTERNAL'), policy, NOW, half)).toEqual({
      kind: 'final',
      status: 'FAILED',
      reason: 'INTERNAL',
      deadLetter: true,
    });
  });

  it('expires now when the next attempt would start after the TTL', () => {
    const delivery = aDelivery({ expires_at: NOW + 30_000 }, NOW);
    const result = outcome('RETRY_LATER', 'QUOTA_EXCEEDED', { retryAfterMs: 60_000 });
    expect(decideAfterSend(delivery, result, policy, NOW, half)).toEqual({ kind: 'final', status: 'EXPIRED', reason: 'QUOTA_EXCEEDED', deadLetter: false });
  });

  it('defers without an attempt when the request never left (gate closed while queued)', () => {
    const result = outcome('RETRY_LATER', 'provider_throttled', { gatedUntilMs: NOW + 7_000 });
    expect(decideAfterSend(aDelivery({ attempt: 3 }, NOW), result, policy, NOW, half)).toEqual({ kind: 'defer', notBeforeMs: NOW + 7_000 });
  });
});

describe('rescheduled', () => {
  it('bumps the attempt for a retry and keeps it for a deferral', () => {
    const delivery = aDelivery({ attempt: 2 }, NOW);
    expect(rescheduled(delivery, NOW + 5, true)).toEqual({ ...delivery, attempt: 3, not_before: NOW + 5 });
    expect(rescheduled(delivery, NOW + 5, false)).toEqual({ ...delivery, attempt: 2, not_before: NOW + 5 });
  });
});
