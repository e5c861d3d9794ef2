import { createLogger } from '../logger';
import { startPeriodicTask } from './periodic-task';

describe('startPeriodicTask', () => {
  const logger = createLogger('periodic-test', 'silent');

  it('runs at once, and stop waits for the run in progress', async () => {
    let finish: () => void = () => undefined;
    let runs = 0;
    let finished = false;
    const stop = startPeriodicTask({
      name: 'probe',
      intervalMs: 3_600_000,
      logger,
      task: () => {
        runs += 1;
        return new Promise<void>((resolve) => (finish = resolve)).then(() => {
          finished = true;
        });
      },
    });
    expect(runs).toBe(1);
    const stopped = stop();
    finish();
    await stopped;
    expect(finished).toBe(true);
  });

  it('logs a failure instead of throwing it', async () => {
    const warnings: unknown[] = [];
    const spy = { ...logger, warn: (obj: unknown) => void warnings.push(obj) } as unknown as typeof logger;
    const stop = startPeriodicTask({ name: 'failing', intervalMs: 3_600_000, logger: spy, task: () => Promise.reject(new Error('db down')) });
    await stop();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ task: 'failing' });
  });
});
