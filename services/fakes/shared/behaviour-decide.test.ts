import { decideScripted, emptyBehaviour } from './behaviour-decide';
import { newQuotaBucket } from './quota-bucket';

const input = (nowMs: number, random = 0.5) => ({ token: 't1', scope: 'p1', nowMs, random: () => random });

describe('decideScripted', () => {
  it('passes without a script', () => {
    expect(decideScripted(emptyBehaviour(), input(0)).outcome).toEqual({ kind: 'pass' });
  });

  it('injects server errors at the given rate', () => {
    const behaviour = { ...emptyBehaviour(), errorRate: { rate: 0.3, status: 503 as const, retryAfterSeconds: 2 } };
    expect(decideScripted(behaviour, input(0, 0.29)).outcome).toEqual({ kind: 'server-error', status: 503, retryAfterSeconds: 2 });
    expect(decideScripted(behaviour, input(0, 0.31)).outcome).toEqual({ kind: 'pass' });
  });

  it('throttles until the window ends, with Retry-After rounded up, per token or for all', () => {
    const behaviour = { ...emptyBehaviour(), throttles: [{ token: 't1', untilMs: 2500 }] };
    expect(decideScripted(behaviour, input(0)).outcome).toEqual({ kind: 'throttled', cause: 'throttle', retryAfterSeconds: 3 });
    expect(decideScripted(behaviour, { ...input(0), token: 't2' }).outcome).toEqual({ kind: 'pass' });
    expect(decideScripted(behaviour, input(2500)).outcome).toEqual({ kind: 'pass' });
  });

  it('takes from the scope bucket and from the global one', () => {
    const behaviour = emptyBehaviour();
    behaviour.quotas.set('p1', newQuotaBucket(1, 60_000, 0));
    const first = decideScripted(behaviour, input(0));
    expect(first.outcome).toEqual({ kind: 'pass' });
    for (const [scope, bucket] of first.buckets) behaviour.quotas.set(scope, bucket);
    expect(decideScripted(behaviour, input(0)).outcome).toEqual({ kind: 'throttled', cause: 'quota', retryAfterSeconds: 60 });
    expect(decideScripted(behaviour, { ...input(0), scope: 'p2' }).outcome).toEqual({ kind: 'pass' });
  });
});
