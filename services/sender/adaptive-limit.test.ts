import { initialAdaptiveState, sampleAdaptiveLimit, type AdaptiveLimitSettings, type AdaptiveLimitState } from './adaptive-limit';

const settings: AdaptiveLimitSettings = { min: 10, max: 1000, windowMs: 100, minSamples: 10, baselineResetMs: 30_000 };

/** Feeds `windows` windows of `perWindow` answers with the given latency, the limit fully used. */
function run(state: AdaptiveLimitState, startMs: number, windows: number, latencyOf: (limit: number) => number, with_ = settings) {
  let s = state;
  let now = startMs;
  for (let w = 0; w < windows; w += 1) {
    for (let i = 0; i < with_.minSamples; i += 1) {
      now += with_.windowMs / with_.minSamples;
      s = sampleAdaptiveLimit(s, with_, { latencyMs: latencyOf(s.limit), inFlight: s.limit }, now);
    }
  }
  return { state: s, now };
}

describe('adaptive in-flight limit', () => {
  it('starts low and grows while latency stays at the no-load level', () => {
    const start = initialAdaptiveState(settings, 0);
    expect(start.limit).toBe(40);
    const { state } = run(start, 0, 30, () => 20);
    expect(state.limit).toBe(settings.max);
    expect(state.baselineMs).toBe(20);
  });

  it('settles where the provider starts queueing: latency = work / capacity beyond its parallelism', () => {
    // A provider that serves 100 requests at once in 10 ms; beyond that requests wait their turn.
    const latencyOf = (inFlight: number) => 10 * Math.max(1, inFlight / 100);
    const { state } = run(initialAdaptiveState(settings, 0), 0, 200, latencyOf);
    // Busy provider (≥100 in flight), queueing bounded (latency at most 2.5× the no-load 10 ms).
    expect(state.limit).toBeGreaterThanOrEqual(100);
    expect(state.limit).toBeLessThanOrEqual(250);
  });

  it('shrinks when latency rises under the same load', () => {
    let { state, now } = run(initialAdaptiveState(settings, 0), 0, 30, () => 20);
    expect(state.limit).toBe(1000);
    ({ state, now } = run(state, now, 10, () => 80));
    expect(state.limit).toBeLessThan(400);
    expect(state.limit).toBeGreaterThanOrEqual(settings.min);
  });

  it('does not grow on windows that left the limit unused', () => {
    let s = initialAdaptiveState(settings, 0);
    for (let i = 1; i <= 200; i += 1) s = sampleAdaptiveLimit(s, settings, { latencyMs: 20, inFlight: 3 }, i * 10);
    expect(s.limit).toBe(40);
  });

  it('waits for a full window before it moves', () => {
    let s = initialAdaptiveState(settings, 0);
    for (let i = 1; i < settings.minSamples; i += 1) s = sampleAdaptiveLimit(s, settings, { latencyMs: 20, inFlight: 40 }, i * 50);
    expect(s.limit).toBe(40);
    expect(s.windowSamples).toBe(settings.minSamples - 1);
  });

  it('halves and re-learns the baseline once it is stale, so a standing queue is not taken for no-load', () => {
    let { state, now } = run(initialAdaptiveState(settings, 0), 0, 30, () => 20);
    expect(state.limit).toBe(1000);
    ({ state, now } = run(state, 30_000, 1, () => 20));
    expect(state.limit).toBe(500);
    expect(state.baselineSinceMs).toBe(now);
  });

  it('stays within min and max', () => {
    let latency = 10;
    const { state } = run(initialAdaptiveState(settings, 0), 0, 100, () => (latency *= 1.1));
    expect(state.limit).toBe(settings.min);
    const capped = { ...settings, max: 50 };
    const high = run(initialAdaptiveState(capped, 0), 0, 100, () => 5, capped);
    expect(high.state.limit).toBe(50);
  });
});
