import type { Kafka } from 'kafkajs';
import { createProducer } from '../kafka/producer';
import type { ProducerPort } from '../kafka/kafka-ports';
import { createTestTopic, randomTopicName, readRecords, testKafka } from '../../../test/helpers/kafka';
import { registerAvro, testSchemaRegistry } from '../../../test/helpers/schema-registry';
import { createAvroCodec } from './avro-codec';
import { CodecError } from './confluent-frame';

const pingSchema = {
  type: 'record',
  name: 'Ping',
  namespace: 'test.herald',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'count', type: 'long' },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'payload', type: 'bytes' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

describe('Avro codec against the real registry and broker', () => {
  const registry = testSchemaRegistry();
  const codec = createAvroCodec(registry);
  let kafka: Kafka;
  let producer: ProducerPort;

  beforeAll(async () => {
    kafka = testKafka('codec-int');
    producer = createProducer(kafka, { stage: 'codec-int' });
    await producer.connect();
  });

  afterAll(() => producer.disconnect());

  it('encodes through the registry, crosses the broker and decodes to the same value', async () => {
    const topic = await createTestTopic(kafka, { label: 'codec' });
    const schemaId = await registerAvro(registry, `${topic}-value`, pingSchema);
    const value = {
      id: 'ping-1',
      count: 9_007_199_254_740,
      tags: ['a', 'ü'],
      payload: Buffer.from([0, 1, 2, 255]),
      note: null,
    };
    const bytes = await codec.encode(`${topic}-value`, value);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(schemaId);
    await producer.send(topic, [{ key: 'ping-1', value: bytes }]);

    const [received] = await readRecords(kafka, topic, { description: 'the Avro record' });
    expect(received!.value).toEqual(bytes);
    expect(await createAvroCodec(testSchemaRegistry()).decode(received!.value)).toEqual(value);
  });

  it('gets SCHEMA_NOT_FOUND from the real registry for an id it never issued', async () => {
    const frame = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 0x02]);
    const error = await codec.decode(frame).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CodecError);
    expect(error).toMatchObject({ code: 'SCHEMA_NOT_FOUND', failure: 'unknown_schema_id' });
  });

  it('gets SCHEMA_NOT_FOUND for a subject with no schema', async () => {
    await expect(codec.encode(`${randomTopicName('nosubject')}-value`, {})).rejects.toMatchObject({
      code: 'SCHEMA_NOT_FOUND',
      failure: 'unknown_subject',
    });
  });

  it('reports an unreachable registry as TRANSIENT', async () => {
    const { SchemaRegistry } = await import('@kafkajs/confluent-schema-registry');
    const unreachable = createAvroCodec(new SchemaRegistry({ host: 'http://127.0.0.1:9', retry: { retries: 0 } }));
    const error = await unreachable.decode(Buffer.from([0, 0, 0, 0, 1, 2])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'TRANSIENT', retriable: true });
  });
});
