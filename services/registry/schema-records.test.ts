import { decodeEntry, encodeRecord, type RegistryRecord } from './schema-records';

describe('schema log records', () => {
  it("writes Confluent's key and value JSON for schema versions", () => {
    const entry = encodeRecord({
      kind: 'schema',
      subject: 'herald.events-value',
      version: 2,
      value: { subject: 'herald.events-value', version: 2, id: 7, schema: '"string"', deleted: false },
    });
    expect(entry.key).toBe('{"keytype":"SCHEMA","subject":"herald.events-value","version":2,"magic":1}');
    expect(JSON.parse(entry.value!)).toEqual({
      subject: 'herald.events-value',
      version: 2,
      id: 7,
      schema: '"string"',
      deleted: false,
    });
  });

  it("writes Confluent's CONFIG keys, with a null subject for the global level", () => {
    expect(encodeRecord({ kind: 'config', subject: null, compatibility: 'FULL' })).toEqual({
      key: '{"keytype":"CONFIG","subject":null,"magic":0}',
      value: '{"compatibilityLevel":"FULL"}',
    });
  });

  it.each<RegistryRecord>([
    { kind: 'schema', subject: 's', version: 1, value: { subject: 's', version: 1, id: 1, schema: '"int"', deleted: true } },
    { kind: 'schema', subject: 's', version: 3, value: null },
    { kind: 'config', subject: 's', compatibility: 'BACKWARD_TRANSITIVE' },
    { kind: 'config', subject: 's', compatibility: null },
    { kind: 'config', subject: null, compatibility: 'NONE' },
  ])('round-trips %j', (record) => {
    expect(decodeEntry(encodeRecord(record))).toEqual({ ok: true, record });
  });

  it('reads records written by Confluent (no `deleted`, extra fields)', () => {
    const decoded = decodeEntry({
      key: '{"keytype":"SCHEMA","subject":"t-value","version":1,"magic":1}',
      value: '{"subject":"t-value","version":1,"id":100001,"schema":"\\"string\\"","metadata":null}',
    });
    expect(decoded).toEqual({
      ok: true,
      record: {
        kind: 'schema',
        subject: 't-value',
        version: 1,
        value: { subject: 't-value', version: 1, id: 100001, schema: '"string"', deleted: false },
      },
    });
  });

  it('skips other key types and reports malformed records instead of throwing', () => {
    expect(decodeEntry({ key: '{"keytype":"NOOP","magic":0}', value: null })).toMatchObject({
      ok: false,
      skipped: 'other-keytype',
    });
    expect(decodeEntry({ key: 'not json', value: '{}' })).toMatchObject({ ok: false, skipped: 'malformed' });
    expect(decodeEntry({ key: '{"keytype":"SCHEMA","subject":"s","version":0}', value: null })).toMatchObject({
      ok: false,
      skipped: 'malformed',
    });
    expect(decodeEntry({ key: '{"keytype":"CONFIG","subject":"s"}', value: '{"compatibilityLevel":"SOME"}' })).toMatchObject({
      ok: false,
      skipped: 'malformed',
    });
  });
});
