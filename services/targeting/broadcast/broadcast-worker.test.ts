import type { BroadcastTrigger } from '../../shared/contracts/messages';
import { createLogger } from '../../shared/logger';
import type { EventLog, SegmentDevice } from '../ports';
import { DEFAULT_PREFERENCES } from '../preference-policy';
import { aDevice } from '../test-support/fixtures';
import { fakeClock, memoryBroadcastStore, memoryEventLog } from '../test-support/memory-ports';
import { parseTemplate } from '../templates/template-loader';
import { createBroadcastWorker, type BroadcastWorkerDeps } from './broadcast-worker';
import { chunkSize, chunksOf } from './chunking';

const catalog = new Map([['news', parseTemplate('news', 'default_locale: en\nlocales: { en: { title: News, body: b } }')]]);
const audience: SegmentDevice[] = Array.from({ length: 250 }, (_, i) => ({
  device: aDevice({ deviceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, userId: `u${i}` }),
  preferences: i % 10 === 0 ? { ...DEFAULT_PREFERENCES, categoryOptOuts: ['marketing'] } : DEFAULT_PREFERENCES,
}));
const trigger = (over: Partial<BroadcastTrigger> = {}): BroadcastTrigger => ({
  broadcast_id: 'b1',
  app: 'default',
  segment: { apps: [], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: null },
  content: null,
  template: { id: 'news', params: {}, locale: null },
  category: 'marketing',
  priority: 'LOW',
  ttl_seconds: 0,
  throttle_per_second: null,
  created_at: 1,
  ...over,
});

function setup(over: Partial<BroadcastWorkerDeps> = {}) {
  const store = memoryBroadcastStore(audience);
  const eventLog = memoryEventLog();
  const clock = fakeClock();
  const deps: BroadcastWorkerDeps = {
    store,
    eventLog,
    catalog,
    clock,
    logger: createLogger('test', 'silent'),
    owner: 'w1',
    leaseMs: 30_000,
    pageSize: 100,
    defaultRatePerSecond: 1_000_000,
    idlePollMs: 1,
    ...over,
  };
  return { store, eventLog, clock, deps };
}

async function runUntil(worker: ReturnType<typeof createBroadcastWorker>, done: () => boolean): Promise<void> {
  worker.start();
  for (let i = 0; i < 10_000 && !done(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  await worker.stop();
}

describe('broadcast worker', () => {
  it('streams the whole segment page by page, emits each device once, suppresses by preference and completes with exact counts', async () => {
    const { store, eventLog, deps } = setup();
    await store.record(trigger());
    await runUntil(createBroadcastWorker(deps), () => store.broadcasts.get('b1')!.status === 'completed');
    const b = store.broadcasts.get('b1')!;
    expect(b.progress).toEqual({ targeted: 250, emitted: 225, suppressed: 25, suppressedByReason: { CATEGORY_OPTED_OUT: 25 } });
    expect(new Set(eventLog.deliveries.map((d) => d.delivery.device_id)).size).toBe(225);
    expect(eventLog.deliveries).toHaveLength(225);
    expect(eventLog.deliveries.every((d) => d.lane === 'bulk')).toBe(true);
    expect(eventLog.receipts).toHaveLength(25);
  });

  it('honours the throttle with the injected clock: 225 deliveries at 50/s wait ~3.5 s after the first second of burst', async () => {
    const { store, clock, deps } = setup();
    await store.record(trigger({ throttle_per_second: 50 }));
    await runUntil(createBroadcastWorker(deps), () => store.broadcasts.get('b1')!.status === 'completed');
    const waited = clock.slept.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(3400);
    expect(waited).toBeLessThanOrEqual(3700);
    // Chunks of a tenth of a second of the rate.
    expect(chunkSize(50, 100)).toBe(5);
  });

  it('resumes after the cursor when another worker takes over an abandoned broadcast', async () => {
    const { store, eventLog, deps } = setup();
    await store.record(trigger());
    let emits = 0;
    const counting: EventLog = {
      emit: (d, r) => {
        emits += 1;
        return eventLog.emit(d, r);
      },
    };
    const first = createBroadcastWorker({ ...deps, eventLog: counting, pageSize: 50 });
    first.start();
    for (let i = 0; i < 10_000 && emits < 2; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await first.abandon();
    expect(store.broadcasts.get('b1')!.status).toBe('running');
    store.expireLeases();
    await runUntil(createBroadcastWorker({ ...deps, owner: 'w2' }), () => store.broadcasts.get('b1')!.status === 'completed');
    const devices = eventLog.deliveries.map((d) => d.delivery.device_id);
    expect(new Set(devices).size).toBe(225);
    expect(devices.length - 225).toBeLessThanOrEqual(50);
    expect(store.broadcasts.get('b1')!.progress.targeted).toBe(250);
  });

  it('stops when the broadcast is cancelled', async () => {
    const { store, eventLog, deps } = setup({ pageSize: 10 });
    await store.record(trigger());
    const worker = createBroadcastWorker(deps);
    worker.start();
    for (let i = 0; i < 10_000 && eventLog.calls < 1; i += 1) await new Promise((resolve) => setImmediate(resolve));
    store.broadcasts.get('b1')!.status = 'cancelled';
    for (let i = 0; i < 100; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await worker.stop();
    expect(eventLog.deliveries.length).toBeLessThan(30);
  });

  it('fails an expired broadcast with TTL_EXPIRED and an unknown template with its reason', async () => {
    const { store, deps } = setup();
    await store.record(trigger({ ttl_seconds: 1 }));
    await store.record(trigger({ broadcast_id: 'b2', template: { id: 'gone', params: {}, locale: null } }));
    await runUntil(createBroadcastWorker(deps), () => [...store.broadcasts.values()].every((b) => b.status === 'failed'));
    expect(store.broadcasts.get('b1')).toMatchObject({ status: 'failed', failure: 'TTL_EXPIRED' });
    expect(store.broadcasts.get('b2')).toMatchObject({ status: 'failed', failure: 'unknown template gone' });
  });

  it('releases the lease on a graceful stop', async () => {
    const { store, deps } = setup({ pageSize: 10, defaultRatePerSecond: 10 });
    await store.record(trigger());
    const worker = createBroadcastWorker(deps);
    worker.start();
    for (let i = 0; i < 1000 && store.broadcasts.get('b1')!.progress.targeted === 0; i += 1) await new Promise((r) => setImmediate(r));
    await worker.stop();
    expect(store.broadcasts.get('b1')).toMatchObject({ status: 'running', owner: null });
  });
});

describe('chunking', () => {
  it('splits into chunks of at most size', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunkSize(1_000_000, 1000)).toBe(1000);
    expect(chunkSize(1, 1000)).toBe(1);
  });
});
