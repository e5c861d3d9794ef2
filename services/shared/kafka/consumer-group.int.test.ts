import type { Kafka } from 'kafkajs';
import { passThrough } from '../codec/parse';
import { createLogger } from '../logger';
import {
  committedOffsets,
  createTestTopic,
  highWatermarks,
  randomGroupId,
  testKafka,
} from '../../../test/helpers/kafka';
import { waitFor } from '../../../test/helpers/wait-for';
import { createConsumerRunner, type ConsumerRunner } from './consumer-runner';
import { createKafkajsConsumer } from './kafkajs-consumer';
import type { ProducerPort, TopicPartitions } from './kafka-ports';
import { createProducer } from './producer';

// Group membership on the real Kafka 4.x broker through kafkajs (JoinGroup/SyncGroup/Heartbeat/
// OffsetCommit/LeaveGroup): split, commit, rebalance on leave, resume from committed offsets.

const PARTITIONS = 4;
const logger = createLogger('group-int', 'fatal');

/** The runner's codec is bypassed: values are plain text, decode passes bytes through as a string. */
const textCodec = {
  decode: (bytes: Buffer | null) => Promise.resolve(bytes?.toString('utf8') ?? ''),
  encode: () => Promise.reject(new Error('no dead letters expected')),
};

const partitionsOf = (assignment: readonly TopicPartitions[], topic: string): number[] =>
  [...(assignment.find((a) => a.topic === topic)?.partitions ?? [])].sort((a, b) => a - b);

describe('kafkajs consumer groups on the real broker', () => {
  let kafka: Kafka;
  let producer: ProducerPort;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = testKafka('group-int');
    producer = createProducer(kafka, { stage: 'group-int' });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await producer.disconnect();
  });

  function member(groupId: string, topic: string, seen: Map<string, string>, name: string): ConsumerRunner {
    const runner = createConsumerRunner(
      {
        consumer: createKafkajsConsumer(kafka, {
          groupId,
          heartbeatIntervalMs: 300,
          sessionTimeoutMs: 10_000,
          rebalanceTimeoutMs: 10_000,
          maxWaitTimeMs: 200,
        }),
        codec: textCodec,
        producer,
        logger,
      },
      {
        stage: 'group-int',
        topics: [topic],
        parse: passThrough,
        deadLetterTopic: 'unused',
        handler: (messages) => {
          for (const m of messages) seen.set(String(m.value), name);
          return Promise.resolve();
        },
      },
    );
    runners.push(runner);
    return runner;
  }

  const produceToEveryPartition = (topic: string, tag: string) =>
    producer.send(
      topic,
      Array.from({ length: PARTITIONS }, (_, partition) => ({ value: Buffer.from(`${tag}-p${partition}`), partition })),
    );

  it('splits partitions, commits, rebalances when a member leaves, and resumes from committed offsets', async () => {
    const topic = await createTestTopic(kafka, { label: 'group', partitions: PARTITIONS });
    const groupId = randomGroupId('group');
    const seen = new Map<string, string>();

    const a = member(groupId, topic, seen, 'a');
    await a.start();
    await waitFor(() => partitionsOf(a.assignment(), topic).length === PARTITIONS, {
      description: 'the first member to own every partition',
    });

    const b = member(groupId, topic, seen, 'b');
    await b.start();
    const split = await waitFor(
      () => {
        const ofA = partitionsOf(a.assignment(), topic);
        const ofB = partitionsOf(b.assignment(), topic);
        const all = [...ofA, ...ofB].sort((x, y) => x - y);
        const covered = all.length === PARTITIONS && all.every((p, i) => p === i);
        return a.isReady() && b.isReady() && ofA.length > 0 && ofB.length > 0 && covered && { ofA, ofB };
      },
      { description: 'two members to split the partitions between them', timeoutMs: 60_000 },
    );

    await produceToEveryPartition(topic, 'one');
    await waitFor(() => seen.size === PARTITIONS, { description: 'every partition handled once' });
    for (const partition of split.ofA) expect(seen.get(`one-p${partition}`)).toBe('a');
    for (const partition of split.ofB) expect(seen.get(`one-p${partition}`)).toBe('b');

    await waitFor(
      async () => {
        const committed = await committedOffsets(kafka, groupId, topic);
        return [...Array(PARTITIONS).keys()].every((p) => committed.get(p) === '1');
      },
      { description: 'commits of offset 1 on every partition' },
    );

    await b.stop();
    await waitFor(() => partitionsOf(a.assignment(), topic).length === PARTITIONS && a.isReady(), {
      description: 'the remaining member to take over every partition after the rebalance',
      timeoutMs: 60_000,
    });
    await produceToEveryPartition(topic, 'two');
    await waitFor(() => [...Array(PARTITIONS).keys()].every((p) => seen.get(`two-p${p}`) === 'a'), {
      description: 'the remaining member to handle messages of every partition',
    });

    await a.stop();
    const committed = await committedOffsets(kafka, groupId, topic);
    expect(committed).toEqual(await highWatermarks(kafka, topic));

    await produceToEveryPartition(topic, 'three');
    const c = member(groupId, topic, seen, 'c');
    await c.start();
    await waitFor(() => [...Array(PARTITIONS).keys()].every((p) => seen.get(`three-p${p}`) === 'c'), {
      description: 'a new member to handle what was produced while the group was empty',
    });
    expect([...seen.entries()].filter(([, by]) => by === 'c').map(([value]) => value).sort()).toEqual(
      [...Array(PARTITIONS).keys()].map((p) => `three-p${p}`),
    );
  });
});
