import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createAvroCodec } from '../codec/avro-codec';
import { createTestTopic, testKafka } from '../../../test/helpers/kafka';
import { testEnv } from '../../../test/helpers/env';
import { registerAvro, testSchemaRegistry } from '../../../test/helpers/schema-registry';
import { createProducer } from './producer';

const run = promisify(execFile);

/** `kcat -f '%S\n%s'` prints each value's size on a line, then its raw bytes: binary-safe to split. */
function splitSizedValues(stdout: Buffer): Buffer[] {
  const values: Buffer[] = [];
  let position = 0;
  while (position < stdout.length) {
    const newline = stdout.indexOf(0x0a, position);
    if (newline < 0) throw new Error(`no size line at byte ${position}`);
    const size = Number(stdout.subarray(position, newline).toString('ascii'));
    if (!Number.isInteger(size) || size < 0) throw new Error(`bad size line at byte ${position}`);
    values.push(stdout.subarray(newline + 1, newline + 1 + size));
    position = newline + 1 + size;
  }
  return values;
}

describe('a third-party client (kcat, librdkafka) reads a Herald topic', () => {
  it('sees Confluent framing: magic byte 0, then the big-endian schema id, then the Avro body', async () => {
    const kafka = testKafka('kcat-int');
    const registry = testSchemaRegistry();
    const codec = createAvroCodec(registry);
    const topic = await createTestTopic(kafka, { label: 'kcat' });
    const schemaId = await registerAvro(registry, `${topic}-value`, {
      type: 'record',
      name: 'Greeting',
      namespace: 'test.herald',
      fields: [
        { name: 'text', type: 'string' },
        { name: 'count', type: 'int' },
      ],
    });
    const producer = createProducer(kafka, { stage: 'kcat-int' });
    await producer.connect();
    const values = [
      { text: 'hallo', count: 1 },
      { text: 'line\nbreak \u0000 and bytes', count: 10 },
    ];
    await producer.send(
      topic,
      await Promise.all(values.map(async (value) => ({ value: await codec.encode(`${topic}-value`, value) }))),
    );
    await producer.disconnect();

    const { stdout } = await run(
      'kcat',
      ['-b', testEnv().kafkaBrokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%S\n%s'],
      { encoding: 'buffer', timeout: 60_000 },
    );
    const seen = splitSizedValues(stdout);
    expect(seen).toHaveLength(2);
    for (const [index, bytes] of seen.entries()) {
      expect(bytes[0]).toBe(0);
      expect(bytes.readInt32BE(1)).toBe(schemaId);
      expect(await codec.decode(bytes)).toEqual(values[index]);
    }
    // Avro body of {text: "hallo", count: 1}: zigzag length 5 → 0x0a, "hallo", zigzag 1 → 0x02.
    expect(seen[0]!.subarray(5)).toEqual(Buffer.from([0x0a, 0x68, 0x61, 0x6c, 0x6c, 0x6f, 0x02]));
  });
});
