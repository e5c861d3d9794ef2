import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { CodecError } from '../codec/confluent-frame';
import type { DeadLetter } from '../contracts/messages';
import { HeraldError } from '../errors';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { createBatchProcessor, type BatchProcessorDeps } from './batch-processor';
import type { DeadLetterSink } from './dead-letter';
import type { BatchControls, ConsumedRecord, PartitionBatch } from './kafka-ports';
import type { HandlerContext, HandlerResult, StageMessage } from './stage-handler';

interface Doc {
  readonly n: number;
}

const silentLogger = createLogger('test', 'silent', new Writable({ write: (_c, _e, cb) => cb() }));

function record(offset: number, value: string | null): ConsumedRecord {
  return {
    topic: 'herald.test',
    partition: 2,
    offset: String(offset),
    key: Buffer.from(`k${offset}`),
    value: value === null ? null : Buffer.from(value),
    headers: { trace: Buffer.from(`t${offset}`) },
    timestampMs: 1_700_000_000_000 + offset,
  };
}

function batchOf(...records: ConsumedRecord[]): PartitionBatch {
  return { topic: 'herald.test', partition: 2, highWatermark: '100', records };
}

/** Fake decode: "ok:<n>" → {n}; "garbage" → DECODE_FAILED; "registry-down" → TRANSIENT. */
function fakeDecode(bytes: Buffer | null): Promise<unknown> {
  const text = bytes?.toString() ?? '';
  if (text === 'registry-down') return Promise.reject(new CodecError('TRANSIENT', 'registry_unavailable', 'down'));
  if (!text.startsWith('ok:')) return Promise.reject(new CodecError('DECODE_FAILED', 'bad_magic_byte', 'garbage'));
  return Promise.resolve({ n: Number(text.slice(3)) });
}

const parseDoc = (value: unknown): Doc => {
  const { n } = value as { n: number };
  if (n < 0) throw new HeraldError('INVALID_MESSAGE', 'n must be >= 0');
  return { n };
};

class FakeControls implements BatchControls {
  resolved: string[] = [];
  paused = 0;
  resumed = 0;
  heartbeats = 0;
  running = true;
  failHeartbeat: Error | undefined;
  resolveOffset(offset: string): void {
    this.resolved.push(offset);
  }
  heartbeat(): Promise<void> {
    this.heartbeats += 1;
    return this.failHeartbeat ? Promise.reject(this.failHeartbeat) : Promise.resolve();
  }
  pausePartition(): () => void {
    this.paused += 1;
    return () => {
      this.resumed += 1;
    };
  }
  isRunning(): boolean {
    return this.running;
  }
  isStale(): boolean {
    return false;
  }
}

type Handler = (messages: readonly StageMessage<Doc>[], context: HandlerContext) => Promise<HandlerResult | void>;

function setup(handler: Handler, overrides: Partial<BatchProcessorDeps<Doc>> = {}) {
  const letters: DeadLetter[] = [];
  const sink = { fail: false };
  const deadLetters: DeadLetterSink = {
    send: (batch) => {
      if (sink.fail) return Promise.reject(new HeraldError('TRANSIENT', 'broker down'));
      letters.push(...batch);
      return Promise.resolve();
    },
  };
  const timers: { task: () => void; delayMs: number; cancelled: boolean }[] = [];
  const calls: { offsets: string[]; attempt: number }[] = [];
  const registry = new Registry();
  const processor = createBatchProcessor<Doc>({
    stage: 'test-stage',
    groupId: 'test-group',
    decode: fakeDecode,
    parse: parseDoc,
    handler: (messages, context) => {
      calls.push({ offsets: messages.map((m) => m.offset), attempt: context.attempt });
      return handler(messages, context);
    },
    deadLetters,
    retryPolicy: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 },
    maxBatchRecords: 500,
    logger: silentLogger,
    metrics: createMetrics(registry),
    clock: () => 1_800_000_000_000,
    random: () => 0,
    schedule: (task, delayMs) => {
      const timer = { task, delayMs, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    ...overrides,
  });
  return { processor, letters, sink, timers, calls, registry };
}

const ok: Handler = () => Promise.resolve();

describe('batch processor: the happy path', () => {
  it('hands typed messages to the handler in one call, then resolves the last offset', async () => {
    const { processor, calls } = setup(ok);
    const controls = new FakeControls();
    await processor.process(batchOf(record(10, 'ok:1'), record(11, 'ok:2'), record(12, 'ok:3')), controls);
    expect(calls).toEqual([{ offsets: ['10', '11', '12'], attempt: 1 }]);
    expect(controls.resolved).toEqual(['12']);
    expect(controls.heartbeats).toBeGreaterThan(0);
  });

  it('passes value, key, headers and timestamp through', async () => {
    const seen: StageMessage<Doc>[] = [];
    const { processor } = setup((messages) => {
      seen.push(...messages);
      return Promise.resolve();
    });
    await processor.process(batchOf(record(5, 'ok:7')), new FakeControls());
    expect(seen[0]).toEqual({
      value: { n: 7 },
      key: Buffer.from('k5'),
      headers: { trace: Buffer.from('t5') },
      topic: 'herald.test',
      partition: 2,
      offset: '5',
      timestampMs: 1_700_000_000_005,
    });
  });

  it('splits a large batch into handler calls of maxBatchRecords, resolving after each', async () => {
    const { processor, calls } = setup(ok, { maxBatchRecords: 2 });
    const controls = new FakeControls();
    await processor.process(batchOf(...[1, 2, 3, 4, 5].map((o) => record(o, `ok:${o}`))), controls);
    expect(calls.map((c) => c.offsets)).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(controls.resolved).toEqual(['2', '4', '5']);
  });

  it('reports consumer lag against the high watermark', async () => {
    const { processor, registry } = setup(ok);
    await processor.process(batchOf(record(89, 'ok:1')), new FakeControls());
    const lag = await registry.getSingleMetricAsString('herald_consumer_lag_messages');
    expect(lag).toContain('herald_consumer_lag_messages{group="test-group",topic="herald.test",partition="2"} 10');
  });
});

describe('batch processor: dead letters', () => {
  it('dead-letters an undecodable record with its original bytes and still handles its neighbours', async () => {
    const { processor, letters, calls } = setup(ok);
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'ok:1'), record(2, 'garbage'), record(3, 'ok:3')), controls);
    expect(calls).toEqual([{ offsets: ['1', '3'], attempt: 1 }]);
    expect(letters).toEqual([
      {
        stage: 'test-stage',
        source_topic: 'herald.test',
        source_partition: 2,
        source_offset: 2,
        key: Buffer.from('k2'),
        value: Buffer.from('garbage'),
        headers: { trace: 't2' },
        reason_code: 'DECODE_FAILED',
        reason_message: 'garbage',
        failed_at: 1_800_000_000_000,
        attempts: 1,
      },
    ]);
    expect(controls.resolved).toEqual(['3']);
  });

  it('dead-letters a record the parse step rejects as INVALID_MESSAGE', async () => {
    const { processor, letters } = setup(ok);
    await processor.process(batchOf(record(1, 'ok:-5')), new FakeControls());
    expect(letters.map((l) => l.reason_code)).toEqual(['INVALID_MESSAGE']);
  });

  it('does not call the handler when nothing in the chunk decoded', async () => {
    const { processor, calls } = setup(ok);
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, null), record(2, 'garbage')), controls);
    expect(calls).toEqual([]);
    expect(controls.resolved).toEqual(['2']);
  });

  it('isolates a non-retriable handler failure and dead-letters only the record at fault', async () => {
    const { processor, letters, calls } = setup((messages) =>
      messages.some((m) => m.value.n === 13)
        ? Promise.reject(new HeraldError('PROCESSING_FAILED', 'unlucky'))
        : Promise.resolve(),
    );
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'ok:1'), record(2, 'ok:13'), record(3, 'ok:3')), controls);
    expect(calls.map((c) => c.offsets)).toEqual([['1', '2', '3'], ['1'], ['2'], ['3']]);
    expect(letters.map((l) => [l.source_offset, l.reason_code])).toEqual([[2, 'PROCESSING_FAILED']]);
    expect(controls.resolved).toEqual(['1', '2', '3']);
  });

  it('dead-letters the records a handler returns as rejected, and resolves the batch', async () => {
    const { processor, letters } = setup(() =>
      Promise.resolve({ rejected: [{ offset: '2', error: new HeraldError('INVALID_MESSAGE', 'unknown app') }] }),
    );
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'ok:1'), record(2, 'ok:2')), controls);
    expect(letters.map((l) => [l.source_offset, l.reason_code, l.reason_message])).toEqual([
      [2, 'INVALID_MESSAGE', 'unknown app'],
    ]);
    expect(controls.resolved).toEqual(['2']);
  });

  it('keeps the record (no resolve, partition paused) when the dead letter cannot be written', async () => {
    const { processor, sink, timers } = setup(ok);
    sink.fail = true;
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'garbage'), record(2, 'ok:2')), controls);
    expect(controls.resolved).toEqual([]);
    expect(controls.paused).toBe(1);
    expect(timers).toHaveLength(1);
  });
});

describe('batch processor: retries', () => {
  const transient = () => Promise.reject(new HeraldError('TRANSIENT', 'db down'));

  it('pauses only this partition, leaves offsets unresolved and resumes after the backoff', async () => {
    const { processor, timers, letters } = setup(transient);
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'ok:1'), record(2, 'ok:2')), controls);
    expect(controls.resolved).toEqual([]);
    expect(controls.paused).toBe(1);
    expect(letters).toEqual([]);
    expect(timers.map((t) => t.delayMs)).toEqual([100]);
    timers[0]!.task();
    expect(controls.resumed).toBe(1);
  });

  it('counts attempts across re-fetches of the same records, and succeeds when the dependency is back', async () => {
    let failuresLeft = 1;
    const { processor, calls } = setup(() => (failuresLeft-- > 0 ? transient() : Promise.resolve()));
    const controls = new FakeControls();
    const batch = batchOf(record(1, 'ok:1'), record(2, 'ok:2'));
    await processor.process(batch, controls);
    await processor.process(batch, controls);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(controls.resolved).toEqual(['2']);
    await processor.process(batchOf(record(3, 'ok:3')), controls);
    expect(calls[2]!.attempt).toBe(1);
  });

  it('retries a registry outage during decode instead of dead-lettering', async () => {
    const { processor, letters, calls } = setup(ok);
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'ok:1'), record(2, 'registry-down')), controls);
    expect(letters).toEqual([]);
    expect(calls).toEqual([]);
    expect(controls.paused).toBe(1);
  });

  it('dead-letters as RETRIES_EXHAUSTED after the budget, giving each record one last try', async () => {
    const { processor, letters, calls, timers } = setup((messages) =>
      messages.some((m) => m.value.n === 2) ? transient() : Promise.resolve(),
    );
    const controls = new FakeControls();
    const batch = batchOf(record(1, 'ok:1'), record(2, 'ok:2'), record(3, 'ok:3'));
    for (let i = 0; i < 3; i += 1) await processor.process(batch, controls);
    expect(timers.map((t) => t.delayMs)).toEqual([100, 200]);
    expect(calls.map((c) => [c.offsets.join(','), c.attempt])).toEqual([
      ['1,2,3', 1],
      ['1,2,3', 2],
      ['1,2,3', 3],
      ['1', 3],
      ['2', 3],
      ['3', 3],
    ]);
    expect(letters.map((l) => [l.source_offset, l.reason_code, l.attempts])).toEqual([[2, 'RETRIES_EXHAUSTED', 3]]);
    expect(letters[0]!.reason_message).toBe('TRANSIENT after 3 attempts: db down');
    expect(controls.resolved).toEqual(['1', '2', '3']);
  });

  it('treats a non-Herald throw as retriable (UNEXPECTED)', async () => {
    const { processor, registry } = setup(() => Promise.reject(new TypeError('bug')));
    const controls = new FakeControls();
    await processor.process(batchOf(record(1, 'ok:1')), controls);
    expect(controls.paused).toBe(1);
    expect(await registry.getSingleMetricAsString('herald_retries_total')).toContain('reason="unexpected"} 1');
  });

  it('cancels pending resumes on stop', async () => {
    const { processor, timers, registry } = setup(transient);
    await processor.process(batchOf(record(1, 'ok:1')), new FakeControls());
    processor.cancelScheduled();
    expect(timers[0]!.cancelled).toBe(true);
    expect(await registry.getSingleMetricAsString('herald_consumer_paused_partitions')).toContain('} 0');
  });
});

describe('batch processor: stopping and the client', () => {
  it('finishes the current chunk and leaves the rest unresolved when stopping', async () => {
    const controls = new FakeControls();
    const { processor, calls } = setup(
      () => {
        controls.running = false;
        return Promise.resolve();
      },
      { maxBatchRecords: 2 },
    );
    await processor.process(batchOf(...[1, 2, 3, 4].map((o) => record(o, `ok:${o}`))), controls);
    expect(calls).toHaveLength(1);
    expect(controls.resolved).toEqual(['2']);
  });

  it('lets a failed heartbeat (e.g. rebalance) reach the client instead of treating it as a handler failure', async () => {
    const controls = new FakeControls();
    controls.failHeartbeat = new Error('The group is rebalancing');
    const { processor } = setup(async (_messages, context) => {
      await context.heartbeat();
    });
    await expect(processor.process(batchOf(record(1, 'ok:1')), controls)).rejects.toThrow('rebalancing');
    expect(controls.resolved).toEqual([]);
    expect(controls.paused).toBe(0);
  });
});
