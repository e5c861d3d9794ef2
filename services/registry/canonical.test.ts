import { parseAvroSchema } from './canonical';
import { RegistryError } from './errors';

const event = {
  type: 'record',
  name: 'Event',
  namespace: 'herald.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

const codeOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof RegistryError ? error.code : -1;
  }
};

describe('parseAvroSchema', () => {
  it('stores the submitted JSON without whitespace', () => {
    const parsed = parseAvroSchema(JSON.stringify(event, null, 2));
    expect(parsed.text).toBe(JSON.stringify(event));
    expect(parsed.type.name).toBe('herald.test.Event');
  });

  it('gives whitespace, key order and {"type":"x"} spellings of one schema the same key', () => {
    const reordered = {
      fields: [
        { type: { type: 'string' }, name: 'id' },
        { type: { logicalType: 'timestamp-millis', type: 'long' }, name: 'at' },
      ],
      namespace: 'herald.test',
      name: 'Event',
      type: 'record',
    };
    const a = parseAvroSchema(JSON.stringify(event));
    const b = parseAvroSchema(`\n ${JSON.stringify(reordered, null, 4)} \n`);
    expect(b.key).toBe(a.key);
    expect(parseAvroSchema('{"type": "string"}').key).toBe(parseAvroSchema('"string"').key);
  });

  it('tells apart schemas that differ in field order, docs, defaults or logical types', () => {
    const key = (schema: object): string => parseAvroSchema(JSON.stringify(schema)).key;
    const base = key(event);
    expect(key({ ...event, fields: [...event.fields].reverse() })).not.toBe(base);
    expect(key({ ...event, doc: 'an event' })).not.toBe(base);
    expect(key({ ...event, fields: [event.fields[0], { name: 'at', type: 'long' }] })).not.toBe(base);
    expect(key({ ...event, fields: [{ ...event.fields[0], default: '' }, event.fields[1]] })).not.toBe(base);
  });

  it('does not collapse {"type": ...} objects inside default values', () => {
    const withDefault = (value: object): object => ({
      type: 'record',
      name: 'R',
      fields: [{ name: 'm', type: { type: 'map', values: 'string' }, default: value }],
    });
    expect(parseAvroSchema(JSON.stringify(withDefault({ type: 'x' }))).key).toContain('"default":{"type":"x"}');
  });

  it('answers 42201 for text that is not JSON or not a valid Avro schema', () => {
    expect(codeOf(() => parseAvroSchema('{"type":'))).toBe(42201);
    expect(codeOf(() => parseAvroSchema('{"type":"record","name":"R"}'))).toBe(42201);
    expect(codeOf(() => parseAvroSchema('"nosuchtype"'))).toBe(42201);
    const badDefault = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int', default: 'x' }] };
    expect(codeOf(() => parseAvroSchema(JSON.stringify(badDefault)))).toBe(42201);
  });
});
