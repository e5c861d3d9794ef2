import { newQuotaBucket, takeFromBucket, type QuotaBucket } from './quota-bucket';

describe('quota bucket', () => {
  it('allows `limit` requests, then answers with the seconds until one refills', () => {
    let bucket: QuotaBucket = newQuotaBucket(3, 60_000, 0);
    for (let i = 0; i < 3; i += 1) {
      const decision = takeFromBucket(bucket, 0);
      expect(decision.allowed).toBe(true);
      bucket = decision.bucket;
    }
    const refused = takeFromBucket(bucket, 0);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 20 });
  });

  it('refills continuously, not on clock minutes', () => {
    let bucket = newQuotaBucket(2, 1000, 0);
    bucket = takeFromBucket(bucket, 0).bucket;
    bucket = takeFromBucket(bucket, 0).bucket;
    expect(takeFromBucket(bucket, 400).allowed).toBe(false);
    expect(takeFromBucket(bucket, 500).allowed).toBe(true);
  });
});
