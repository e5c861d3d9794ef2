import { readinessReport } from './ops-server';

describe('readinessReport', () => {
  it('is ready when every check passes', async () => {
    expect(await readinessReport({ consumer: () => true, database: () => Promise.resolve(true) }, 100)).toEqual({
      ready: true,
      checks: { consumer: true, database: true },
    });
  });

  it('names the failing checks: false, thrown, rejected or too slow', async () => {
    const report = await readinessReport(
      {
        consumer: () => false,
        thrown: () => {
          throw new Error('boom');
        },
        rejected: () => Promise.reject(new Error('db down')),
        slow: () => new Promise<boolean>(() => undefined),
        fine: () => true,
      },
      20,
    );
    expect(report).toEqual({
      ready: false,
      checks: { consumer: false, thrown: false, rejected: false, slow: false, fine: true },
    });
  });

  it('is ready with no checks (a process with nothing to wait for)', async () => {
    expect((await readinessReport({}, 10)).ready).toBe(true);
  });
});
