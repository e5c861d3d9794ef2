import { createConcurrencyLimit } from './concurrency-limit';

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
});
