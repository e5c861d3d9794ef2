import { Writable } from 'node:stream';
import { passThrough } from '../codec/parse';
import { createLogger } from '../logger';
import { createConsumerRunner } from './consumer-runner';
import type { ConsumerPort, ConsumerRunConfig, TopicPartitions } from './kafka-ports';

const silentLogger = createLogger('test', 'silent', new Writable({ write: (_c, _e, cb) => cb() }));

function fakeConsumer() {
  const log: string[] = [];
  let joinListener: ((assignment: readonly TopicPartitions[]) => void) | undefined;
  let crashListener: ((error: Error, restarting: boolean) => void) | undefined;
  let runConfig: ConsumerRunConfig | undefined;
  const consumer: ConsumerPort = {
    groupId: 'g',
    connect: () => (log.push('connect'), Promise.resolve()),
    subscribe: (topics, fromBeginning) => (log.push(`subscribe ${topics.join(',')} ${fromBeginning}`), Promise.resolve()),
    run: (config) => {
      runConfig = config;
      log.push(`run x${config.partitionsConsumedConcurrently}`);
      return Promise.resolve();
    },
    stop: () => (log.push('stop'), Promise.resolve()),
    disconnect: () => (log.push('disconnect'), Promise.resolve()),
    onGroupJoin: (listener) => {
      joinListener = listener;
    },
    onCrash: (listener) => {
      crashListener = listener;
    },
  };
  return {
    consumer,
    log,
    join: (assignment: TopicPartitions[]) => joinListener?.(assignment),
    crash: (error: Error, restarting: boolean) => crashListener?.(error, restarting),
    runConfig: () => runConfig,
  };
}

function runnerWith(fake: ReturnType<typeof fakeConsumer>, onFatalError?: (error: Error) => void) {
  return createConsumerRunner(
    {
      consumer: fake.consumer,
      codec: { decode: () => Promise.resolve({}), encode: () => Promise.resolve(Buffer.alloc(0)) },
      producer: { send: () => Promise.resolve() },
      logger: silentLogger,
    },
    {
      stage: 'test',
      topics: ['herald.a', 'herald.b'],
      parse: passThrough,
      handler: () => Promise.resolve(),
      deadLetterTopic: 'herald.deadletters',
      partitionsConsumedConcurrently: 3,
      ...(onFatalError ? { onFatalError } : {}),
    },
  );
}

describe('consumer runner lifecycle', () => {
  it('connects, subscribes from the beginning and runs with the configured concurrency', async () => {
    const fake = fakeConsumer();
    await runnerWith(fake).start();
    expect(fake.log).toEqual(['connect', 'subscribe herald.a,herald.b true', 'run x3']);
    expect(fake.runConfig()).toBeDefined();
  });

  it('is ready only once started and joined, and not after stop', async () => {
    const fake = fakeConsumer();
    const runner = runnerWith(fake);
    expect(runner.isReady()).toBe(false);
    await runner.start();
    expect(runner.isReady()).toBe(false);
    fake.join([{ topic: 'herald.a', partitions: [0, 1] }]);
    expect(runner.isReady()).toBe(true);
    expect(runner.assignment()).toEqual([{ topic: 'herald.a', partitions: [0, 1] }]);
    await runner.stop();
    expect(runner.isReady()).toBe(false);
  });

  it('stops once: stop (drain + commit), then disconnect', async () => {
    const fake = fakeConsumer();
    const runner = runnerWith(fake);
    await runner.start();
    await Promise.all([runner.stop(), runner.stop()]);
    await runner.stop();
    expect(fake.log.slice(3)).toEqual(['stop', 'disconnect']);
  });

  it('refuses to start twice', async () => {
    const runner = runnerWith(fakeConsumer());
    await runner.start();
    await expect(runner.start()).rejects.toThrow(/already/);
  });

  it('reports a crash the client will not recover from, and loses readiness on any crash', async () => {
    const fake = fakeConsumer();
    const fatal: Error[] = [];
    const runner = runnerWith(fake, (error) => fatal.push(error));
    await runner.start();
    fake.join([]);
    fake.crash(new Error('restartable'), true);
    expect(runner.isReady()).toBe(false);
    expect(fatal).toEqual([]);
    fake.crash(new Error('dead'), false);
    expect(fatal.map((e) => e.message)).toEqual(['dead']);
  });
});
