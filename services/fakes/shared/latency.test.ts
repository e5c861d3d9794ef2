import { sampleLatencyMs } from './latency';

describe('sampleLatencyMs', () => {
  it('draws fixed, uniform and normal delays, never negative', () => {
    expect(sampleLatencyMs({ kind: 'fixed', ms: 7 }, () => 0.9)).toBe(7);
    expect(sampleLatencyMs({ kind: 'uniform', minMs: 10, maxMs: 20 }, () => 0.5)).toBe(15);
    expect(sampleLatencyMs({ kind: 'normal', meanMs: 50, stddevMs: 10 }, () => 0.5)).toBeCloseTo(50 - 10 * Math.sqrt(2 * Math.log(2)), 6);
    expect(sampleLatencyMs({ kind: 'normal', meanMs: 1, stddevMs: 100 }, () => 0.999)).toBeGreaterThanOrEqual(0);
  });
});
