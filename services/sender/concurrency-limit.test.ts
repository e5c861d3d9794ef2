import { createAdaptiveConcurrencyLimit, createConcurrencyLimit } from './concurrency-limit';

describe('concurrency limit', () => {
  it('never runs more than the limit at once and runs everything in order', async () => {
    const limit = createConcurrencyLimit(3);
    let now = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      limit.run(async () => {
        started.push(i);
        now += 1;
        peak = Math.max(peak, now);
        await new Promise<void>((resolve) => releases.push(resolve));
        now -= 1;
        return i;
      }),
    );
    while (started.length < 10 || releases.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(limit.active()).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const limit = createConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('adaptive: admits up to a limit that grows at steady latency and falls when latency rises', async () => {
    let now = 0;
    const seen: number[] = [];
    const limit = createAdaptiveConcurrencyLimit({ min: 4, max: 64, windowMs: 0, minSamples: 4, baselineResetMs: 1e9 }, () => now, (l) => seen.push(l));
    // Rounds of as many tasks as allowed, answered together `latency` ms after they started.
    const round = async (latency: number): Promise<number> => {
      let peak = 0;
      let running = 0;
      let release!: () => void;
      const answered = new Promise<void>((resolve) => (release = resolve));
      const allowed = limit.limit();
      const tasks = Array.from({ length: allowed }, () =>
        limit.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await answered;
          running -= 1;
        }),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(running).toBe(allowed);
      now += latency;
      release();
      await Promise.all(tasks);
      return peak;
    };
    const firstPeak = await round(10);
    expect(firstPeak).toBe(16);
    for (let i = 0; i < 20; i += 1) await round(10);
    expect(limit.limit()).toBe(64);
    for (let i = 0; i < 20; i += 1) await round(100);
    expect(limit.limit()).toBeLessThan(32);
    expect(seen[0]).toBe(16);
    expect(seen.at(-1)).toBe(limit.limit());
  });
});
