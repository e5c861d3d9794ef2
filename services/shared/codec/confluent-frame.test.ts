import { CodecError, readFrame, writeFrame } from './confluent-frame';

function failureOf(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('expected a CodecError');
}

describe('Confluent framing', () => {
  it('reads a hand-built frame: magic 0, big-endian id, body', () => {
    const bytes = Buffer.from([0x00, 0x00, 0x00, 0x01, 0x2c, 0x06, 0x66, 0x6f, 0x6f]);
    const frame = readFrame(bytes);
    expect(frame.schemaId).toBe(300);
    expect(frame.body).toEqual(Buffer.from([0x06, 0x66, 0x6f, 0x6f]));
  });

  it('writes the same bytes it reads', () => {
    const body = Buffer.from('avro-body');
    const framed = writeFrame(0x01020304, body);
    expect([...framed.subarray(0, 5)]).toEqual([0, 1, 2, 3, 4]);
    expect(readFrame(framed)).toEqual({ schemaId: 0x01020304, body });
  });

  it.each([
    ['null value', null, 'empty_value'],
    ['zero bytes', Buffer.alloc(0), 'empty_value'],
    ['a header cut short', Buffer.from([0, 0, 0, 1]), 'truncated_header'],
    ['a wrong magic byte', Buffer.from([1, 0, 0, 0, 7, 2]), 'bad_magic_byte'],
    ['plain JSON text', Buffer.from('{"hello":"world"}'), 'bad_magic_byte'],
    ['schema id zero', Buffer.from([0, 0, 0, 0, 0, 2]), 'invalid_schema_id'],
    ['a negative schema id', Buffer.from([0, 0xff, 0xff, 0xff, 0xff, 2]), 'invalid_schema_id'],
  ])('rejects %s as DECODE_FAILED', (_name, bytes, failure) => {
    const error = failureOf(() => readFrame(bytes));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.retriable).toBe(false);
    expect(error.failure).toBe(failure);
  });

  it('refuses to write an id that does not fit the header', () => {
    expect(failureOf(() => writeFrame(0, Buffer.alloc(0))).failure).toBe('invalid_schema_id');
    expect(failureOf(() => writeFrame(2 ** 31, Buffer.alloc(0))).failure).toBe('invalid_schema_id');
  });
});
