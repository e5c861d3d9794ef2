import type { Type } from 'avsc';
import type { Delivery } from '../shared/contracts/messages';
import type { BatchControls, ConsumedRecord, ConsumerPort, ConsumerRunConfig, PartitionBatch } from '../shared/kafka/kafka-ports';
import { createLogger } from '../shared/logger';
import { NOT_BEFORE_HEADER } from './not-before-header';
import { createRetryRunner } from './retry-runner';
import { aDelivery } from './test-support/deliveries';

// The retry consumer's hold-until-due step, on a scripted consumer and a fake clock: the due prefix is
// handled and committed, the partition pauses at a record that is not due and resumes exactly then.

function record(offset: number, notBeforeMs: number | null): ConsumedRecord {
  const delivery = aDelivery({ not_before: notBeforeMs });
  return {
    topic: 'herald.retry.fcm',
    partition: 0,
    offset: String(offset),
    key: null,
    value: Buffer.from(JSON.stringify(delivery)),
    headers: notBeforeMs === null ? {} : { [NOT_BEFORE_HEADER]: Buffer.from(String(notBeforeMs)) },
    timestampMs: 0,
  };
}

function setup() {
  let now = 1_000_000;
  let runConfig: ConsumerRunConfig | undefined;
  const consumer: ConsumerPort = {
    groupId: 'g',
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: (config) => {
      runConfig = config;
      return Promise.resolve();
    },
    stop: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    onGroupJoin: () => undefined,
    onCrash: () => undefined,
  };
  const handled: string[] = [];
  const runner = createRetryRunner(
    {
      consumer,
      codec: { decode: (bytes) => Promise.resolve(JSON.parse(bytes!.toString()) as unknown), encode: () => Promise.resolve(Buffer.alloc(0)) },
      producer: { send: () => Promise.resolve() },
      logger: createLogger('test', 'silent'),
      clock: () => now,
      random: () => 0.5,
    },
    {
      stage: 'sender-fcm',
      topic: 'herald.retry.fcm',
      deadLetterTopic: 'herald.deadletters',
      parse: (value) => value as Delivery,
      readerSchema: {} as Type,
      handler: (messages) => {
        handled.push(...messages.map((m) => m.offset));
        return Promise.resolve();
      },
      maxBatchRecords: 100,
      partitionsConsumedConcurrently: 1,
    },
  );
  const events: string[] = [];
  const controls: BatchControls = {
    resolveOffset: (offset) => void events.push(`resolve ${offset}`),
    heartbeat: () => Promise.resolve(),
    pausePartition: () => {
      events.push(`pause at ${now}`);
      return () => void events.push(`resume at ${now}`);
    },
    isRunning: () => true,
    isStale: () => false,
  };
  const batch = (records: ConsumedRecord[]): PartitionBatch => ({ topic: 'herald.retry.fcm', partition: 0, highWatermark: '100', records });
  return {
    runner,
    handled,
    events,
    eachBatch: (records: ConsumedRecord[]) => runConfig!.eachBatch(batch(records), controls),
    setNow: (ms: number) => void (now = ms),
  };
}

describe('retry runner', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('handles the due prefix, then pauses the partition until the head is due and resumes then', async () => {
    const t = setup();
    await t.runner.start();
    await t.eachBatch([record(0, null), record(1, 999_000), record(2, 1_005_000), record(3, 1_000_500)]);
    expect(t.handled).toEqual(['0', '1']);
    expect(t.events).toEqual(['resolve 1', 'pause at 1000000']);

    t.setNow(1_004_999);
    jest.advanceTimersByTime(4_999);
    expect(t.events).toHaveLength(2);
    t.setNow(1_005_000);
    jest.advanceTimersByTime(1);
    expect(t.events).toEqual(['resolve 1', 'pause at 1000000', 'resume at 1005000']);

    // The refetch starts at the head, now due; what follows it is due too.
    await t.eachBatch([record(2, 1_005_000), record(3, 1_000_500)]);
    expect(t.handled).toEqual(['0', '1', '2', '3']);
    expect(t.events.slice(3)).toEqual(['resolve 3']);
  });

  it('pauses at once when nothing in the batch is due, without calling the handler', async () => {
    const t = setup();
    await t.runner.start();
    await t.eachBatch([record(7, 1_000_010)]);
    expect(t.handled).toEqual([]);
    expect(t.events).toEqual(['pause at 1000000']);
  });

  it('cancels pending resumes on stop', async () => {
    const t = setup();
    await t.runner.start();
    await t.eachBatch([record(7, 1_060_000)]);
    await t.runner.stop();
    jest.advanceTimersByTime(120_000);
    expect(t.events).toEqual(['pause at 1000000']);
  });
});
