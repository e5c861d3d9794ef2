import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { createAvroCodec } from '../codec/avro-codec';
import { z } from 'zod';
import { zodParser } from '../codec/parse';
import { HeraldError } from '../errors';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import {
  committedOffsets,
  createTestTopic,
  highWatermarks,
  randomGroupId,
  readRecords,
  testKafka,
} from '../../../test/helpers/kafka';
import { registerAvro, registerDeadLetterSchema, testSchemaRegistry } from '../../../test/helpers/schema-registry';
import { waitFor } from '../../../test/helpers/wait-for';
import { createConsumerRunner, type ConsumerRunner } from './consumer-runner';
import { createKafkajsConsumer } from './kafkajs-consumer';
import type { ProducerPort } from './kafka-ports';
import { createProducer } from './producer';
import type { StageHandler } from './stage-handler';

const pingSchema = {
  type: 'record',
  name: 'Ping',
  namespace: 'test.herald',
  fields: [{ name: 'id', type: 'string' }],
};
const pingShape = z.object({ id: z.string() });
type Ping = z.infer<typeof pingShape>;
const parsePing = zodParser(pingShape, 'ping');

const logger = createLogger('runner-int', 'fatal');

describe('consumer runner against the real broker and registry', () => {
  const registry = testSchemaRegistry();
  const codec = createAvroCodec(registry);
  let kafka: Kafka;
  let producer: ProducerPort;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = testKafka('runner-int');
    producer = createProducer(kafka, { stage: 'runner-int' });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await producer.disconnect();
  });

  async function topicsWithSchemas(label: string): Promise<{ topic: string; deadLetterTopic: string }> {
    const topic = await createTestTopic(kafka, { label });
    const deadLetterTopic = await createTestTopic(kafka, { label: `${label}.deadletters` });
    await registerAvro(registry, `${topic}-value`, pingSchema);
    await registerDeadLetterSchema(registry, deadLetterTopic);
    return { topic, deadLetterTopic };
  }

  function startRunner(
    groupId: string,
    topic: string,
    deadLetterTopic: string,
    handler: StageHandler<Ping>,
  ): { runner: ConsumerRunner; metrics: Registry } {
    const metricsRegistry = new Registry();
    const runner = createConsumerRunner(
      {
        consumer: createKafkajsConsumer(kafka, { groupId, heartbeatIntervalMs: 500, maxWaitTimeMs: 200 }),
        codec,
        producer,
        logger,
        metrics: createMetrics(metricsRegistry),
      },
      {
        stage: 'runner-int',
        topics: [topic],
        parse: parsePing,
        handler,
        deadLetterTopic,
        retryPolicy: { initialDelayMs: 50, maxDelayMs: 200 },
      },
    );
    runners.push(runner);
    return { runner, metrics: metricsRegistry };
  }

  it('dead-letters a garbage message with its reason and original bytes, and processes the valid ones after it', async () => {
    const { topic, deadLetterTopic } = await topicsWithSchemas('runner-dl');
    const garbage = Buffer.from([0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x20, 0x61, 0x76, 0x72, 0x6f, 0x22, 0x7d, 0x00, 0xff]);
    const poison = await codec.encode(`${topic}-value`, { id: 'poison' });
    await producer.send(topic, [
      { key: 'k0', value: await codec.encode(`${topic}-value`, { id: 'first' }) },
      { key: 'k1', value: garbage, headers: { origin: 'fuzzer' } },
      { key: 'k2', value: await codec.encode(`${topic}-value`, { id: 'second' }) },
      { key: 'k3', value: poison },
      { key: 'k4', value: await codec.encode(`${topic}-value`, { id: 'third' }) },
    ]);

    const handled: string[] = [];
    const groupId = randomGroupId('runner-dl');
    const { runner, metrics } = startRunner(groupId, topic, deadLetterTopic, (messages) => {
      if (messages.some((m) => m.value.id === 'poison')) {
        return Promise.reject(new HeraldError('PROCESSING_FAILED', 'poison pill'));
      }
      handled.push(...messages.map((m) => m.value.id));
      return Promise.resolve();
    });
    await runner.start();

    await waitFor(() => handled.includes('third'), { description: 'the message after the bad ones to be handled' });
    expect([...new Set(handled)]).toEqual(['first', 'second', 'third']);

    const letters = await readRecords(kafka, deadLetterTopic, {
      until: (records) => records.length >= 2,
      description: 'two dead letters',
    });
    const decoded = (await Promise.all(letters.map((r) => codec.decode(r.value)))) as Record<string, unknown>[];
    expect(decoded).toHaveLength(2);
    expect(decoded[0]).toMatchObject({
      stage: 'runner-int',
      source_topic: topic,
      source_partition: 0,
      source_offset: 1,
      reason_code: 'DECODE_FAILED',
      headers: { origin: 'fuzzer' },
      attempts: 1,
    });
    expect(Buffer.compare(decoded[0]!.value as Buffer, garbage)).toBe(0);
    expect(decoded[0]!.key).toEqual(Buffer.from('k1'));
    expect(decoded[1]).toMatchObject({ source_offset: 3, reason_code: 'PROCESSING_FAILED', reason_message: 'poison pill' });
    expect(Buffer.compare(decoded[1]!.value as Buffer, poison)).toBe(0);
    expect(letters.map((r) => r.key?.toString())).toEqual([`${topic}/0/1`, `${topic}/0/3`]);

    expect(await metrics.getSingleMetricAsString('herald_dead_letters_total')).toMatch(/reason="decode_failed"} 1/);

    await runner.stop();
    const committed = await committedOffsets(kafka, groupId, topic);
    expect(committed.get(0)).toBe((await highWatermarks(kafka, topic)).get(0));
    expect(committed.get(0)).toBe('5');
  });

  it('retries a transient failure by pausing the partition, without losing or skipping the message', async () => {
    const { topic, deadLetterTopic } = await topicsWithSchemas('runner-retry');
    await producer.send(topic, [
      { value: await codec.encode(`${topic}-value`, { id: 'a' }) },
      { value: await codec.encode(`${topic}-value`, { id: 'flaky' }) },
      { value: await codec.encode(`${topic}-value`, { id: 'b' }) },
    ]);
    let failuresLeft = 2;
    const attempts: number[] = [];
    const handled: string[] = [];
    const groupId = randomGroupId('runner-retry');
    const { runner } = startRunner(groupId, topic, deadLetterTopic, (messages, context) => {
      attempts.push(context.attempt);
      if (messages.some((m) => m.value.id === 'flaky') && failuresLeft-- > 0) {
        return Promise.reject(new HeraldError('TRANSIENT', 'database restarting'));
      }
      handled.push(...messages.map((m) => m.value.id));
      return Promise.resolve();
    });
    await runner.start();
    await waitFor(() => handled.includes('b'), { description: 'the batch to succeed after retries' });
    expect(handled).toEqual(['a', 'flaky', 'b']);
    expect(attempts).toEqual([1, 2, 3]);

    await runner.stop();
    expect((await committedOffsets(kafka, groupId, topic)).get(0)).toBe('3');
    const letters = await highWatermarks(kafka, deadLetterTopic);
    expect(letters.get(0)).toBe('0');
  });

  it('drains on stop: commits what was handled, and a new member resumes after it', async () => {
    const { topic, deadLetterTopic } = await topicsWithSchemas('runner-stop');
    const groupId = randomGroupId('runner-stop');
    const handled: string[] = [];
    const collect: StageHandler<Ping> = (messages) => {
      handled.push(...messages.map((m) => m.value.id));
      return Promise.resolve();
    };
    const first = startRunner(groupId, topic, deadLetterTopic, collect).runner;
    await first.start();
    await producer.send(topic, [{ value: await codec.encode(`${topic}-value`, { id: 'before-stop' }) }]);
    await waitFor(() => handled.includes('before-stop'), { description: 'the first message' });
    await first.stop();
    expect(first.isReady()).toBe(false);

    await producer.send(topic, [{ value: await codec.encode(`${topic}-value`, { id: 'after-stop' }) }]);
    const second = startRunner(groupId, topic, deadLetterTopic, collect).runner;
    await second.start();
    await waitFor(() => handled.includes('after-stop'), { description: 'the message produced while stopped' });
    await waitFor(() => second.isReady(), { description: 'the second member to be ready' });
    expect(handled).toEqual(['before-stop', 'after-stop']);
  });
});
