import { fullBucket, reserve } from './token-bucket';

const settings = { ratePerSecond: 100, capacity: 100 };

describe('token bucket', () => {
  it('grants a burst up to capacity without waiting', () => {
    const r = reserve(fullBucket(settings, 0), 100, 0, settings);
    expect(r.waitMs).toBe(0);
    expect(r.bucket.tokens).toBe(0);
  });
  it('makes the caller wait for an overdraft, at the refill rate', () => {
    const first = reserve(fullBucket(settings, 0), 100, 0, settings);
    const second = reserve(first.bucket, 50, 0, settings);
    expect(second.waitMs).toBe(500);
    // After waiting, the next reservation is paid from the refill during the wait.
    const third = reserve(second.bucket, 50, 500, settings);
    expect(third.waitMs).toBe(500);
  });
  it('handles batches larger than the capacity by a proportional wait', () => {
    const r = reserve(fullBucket(settings, 0), 1000, 0, settings);
    expect(r.waitMs).toBe(9000);
  });
  it('refills no higher than capacity', () => {
    const r = reserve({ tokens: 0, updatedAtMs: 0 }, 150, 60_000, settings);
    expect(r.waitMs).toBe(500);
  });
  it('keeps the long-run rate: 10 batches of 100 at 100/s take ~9 s after the first burst', () => {
    let bucket = fullBucket(settings, 0);
    let now = 0;
    for (let i = 0; i < 10; i += 1) {
      const r = reserve(bucket, 100, now, settings);
      now += r.waitMs;
      bucket = r.bucket;
    }
    expect(now).toBe(9000);
  });
  it('ignores a clock that goes backwards', () => {
    const r = reserve({ tokens: 10, updatedAtMs: 1000 }, 5, 500, settings);
    expect(r.waitMs).toBe(0);
    expect(r.bucket.updatedAtMs).toBe(1000);
  });
});
