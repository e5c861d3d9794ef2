import { Type } from 'avsc';
import { z } from 'zod';
import { HeraldError } from '../errors';
import { createAvroCodec, type SchemaRegistryPort } from './avro-codec';
import { CodecError } from './confluent-frame';
import { zodParser } from './parse';

const counterV1 = Type.forSchema({
  type: 'record',
  name: 'Counter',
  namespace: 'test.herald',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'count', type: 'int' },
  ],
});
const counterV2 = Type.forSchema({
  type: 'record',
  name: 'Counter',
  namespace: 'test.herald',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'count', type: 'int' },
    { name: 'label', type: 'string', default: 'none' },
  ],
});

/** Captured bytes: id 7, then Avro {name: "foo", count: 3} = len 3 (zigzag 0x06) "foo", 3 (zigzag 0x06). */
const CAPTURED = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07, 0x06, 0x66, 0x6f, 0x6f, 0x06]);

class NotFound extends Error {
  readonly status = 404;
}

function fakeRegistry(schemas: Record<number, unknown>, subjects: Record<string, number> = {}) {
  const calls = { getSchema: 0, getLatestSchemaId: 0 };
  const registry: SchemaRegistryPort = {
    getSchema: (id) => {
      calls.getSchema += 1;
      return id in schemas ? Promise.resolve(schemas[id]) : Promise.reject(new NotFound(`schema ${id} not found`));
    },
    getLatestSchemaId: (subject) => {
      calls.getLatestSchemaId += 1;
      const id = subjects[subject];
      return id === undefined ? Promise.reject(new NotFound(`subject ${subject}`)) : Promise.resolve(id);
    },
  };
  return { registry, calls };
}

async function codecFailure(promise: Promise<unknown>): Promise<CodecError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('expected a CodecError');
}

describe('AvroCodec.decode', () => {
  it('decodes captured Confluent-framed bytes', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }).registry);
    expect(await codec.decode(CAPTURED)).toEqual({ name: 'foo', count: 3 });
  });

  it('resolves into a reader schema with a defaulted field', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }).registry);
    expect(await codec.decode(CAPTURED, { readerSchema: counterV2 })).toEqual({ name: 'foo', count: 3, label: 'none' });
  });

  it('reports an unknown schema id as SCHEMA_NOT_FOUND', async () => {
    const codec = createAvroCodec(fakeRegistry({}).registry);
    const error = await codecFailure(codec.decode(CAPTURED));
    expect(error).toMatchObject({ code: 'SCHEMA_NOT_FOUND', failure: 'unknown_schema_id', schemaId: 7, retriable: false });
  });

  it('reports a truncated Avro body', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }).registry);
    const error = await codecFailure(codec.decode(CAPTURED.subarray(0, CAPTURED.length - 2)));
    expect(error).toMatchObject({ code: 'DECODE_FAILED', failure: 'truncated_body' });
  });

  it('reports trailing bytes after the value', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }).registry);
    const error = await codecFailure(codec.decode(Buffer.concat([CAPTURED, Buffer.from([0x01])])));
    expect(error).toMatchObject({ code: 'DECODE_FAILED', failure: 'trailing_bytes' });
  });

  it('reports a bad magic byte before asking the registry', async () => {
    const { registry, calls } = fakeRegistry({ 7: counterV1 });
    const bytes = Buffer.from(CAPTURED);
    bytes[0] = 0x01;
    const error = await codecFailure(createAvroCodec(registry).decode(bytes));
    expect(error).toMatchObject({ code: 'DECODE_FAILED', failure: 'bad_magic_byte' });
    expect(calls.getSchema).toBe(0);
  });

  it('treats an unreachable registry as TRANSIENT (retry, do not dead-letter)', async () => {
    const registry: SchemaRegistryPort = {
      getSchema: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8081')),
      getLatestSchemaId: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8081')),
    };
    const error = await codecFailure(createAvroCodec(registry).decode(CAPTURED));
    expect(error).toMatchObject({ code: 'TRANSIENT', failure: 'registry_unavailable', retriable: true });
  });

  it('rejects a non-Avro schema', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: { validate: () => true } }).registry);
    expect(await codecFailure(codec.decode(CAPTURED))).toMatchObject({ failure: 'unsupported_schema_type' });
  });
});

describe('AvroCodec.encode', () => {
  it('writes the captured bytes for the same value, by id or by subject', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }, { 'counters-value': 7 }).registry);
    expect(await codec.encode(7, { name: 'foo', count: 3 })).toEqual(CAPTURED);
    expect(await codec.encode('counters-value', { name: 'foo', count: 3 })).toEqual(CAPTURED);
  });

  it('caches the subject to schema id lookup', async () => {
    const { registry, calls } = fakeRegistry({ 7: counterV1 }, { 'counters-value': 7 });
    const codec = createAvroCodec(registry);
    await Promise.all([1, 2, 3].map((count) => codec.encode('counters-value', { name: 'n', count })));
    await codec.encode('counters-value', { name: 'n', count: 4 });
    expect(calls.getLatestSchemaId).toBe(1);
  });

  it('names the invalid fields of a value', async () => {
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }).registry);
    const error = await codecFailure(codec.encode(7, { name: 'foo', count: 'three' }));
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', failure: 'invalid_value' });
    expect(error.message).toContain('count');
  });

  it('reports an unknown subject as SCHEMA_NOT_FOUND and does not cache the failure', async () => {
    const subjects: Record<string, number> = {};
    const codec = createAvroCodec(fakeRegistry({ 7: counterV1 }, subjects).registry);
    expect(await codecFailure(codec.encode('late-value', { name: 'a', count: 1 }))).toMatchObject({
      code: 'SCHEMA_NOT_FOUND',
      failure: 'unknown_subject',
    });
    subjects['late-value'] = 7;
    expect(await codec.encode('late-value', { name: 'foo', count: 3 })).toEqual(CAPTURED);
  });
});

describe('zodParser', () => {
  const parse = zodParser(z.object({ name: z.string(), count: z.number().int().positive() }), 'counter');

  it('returns the typed value', () => {
    expect(parse({ name: 'a', count: 1 })).toEqual({ name: 'a', count: 1 });
  });

  it('throws INVALID_MESSAGE naming each bad field', () => {
    let caught: unknown;
    try {
      parse({ count: -1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HeraldError);
    expect((caught as HeraldError).code).toBe('INVALID_MESSAGE');
    expect((caught as HeraldError).message).toMatch(/name:.*count:/);
  });
});
