import { createSchemaStore } from './schema-store';
import type { RegistryRecord } from './schema-records';

const version = (subject: string, v: number, id: number, schema: string, deleted = false): RegistryRecord => ({
  kind: 'schema',
  subject,
  version: v,
  value: { subject, version: v, id, schema, deleted },
});

describe('createSchemaStore', () => {
  it('forgets a tombstoned version, and its id once no version refers to it', () => {
    const store = createSchemaStore();
    store.apply(version('a', 1, 1, '"string"'));
    store.apply(version('b', 1, 1, '"string"'));
    store.apply(version('a', 2, 2, '"int"'));
    store.apply({ kind: 'schema', subject: 'a', version: 1, value: null });
    expect(store.versions('a', true).map((v) => v.version)).toEqual([2]);
    expect(store.schemaById(1)?.text).toBe('"string"');

    store.apply({ kind: 'schema', subject: 'b', version: 1, value: null });
    expect(store.schemaById(1)).toBeUndefined();
    expect(store.subjects(true)).toEqual(['a']);
    // The highest id seen stays taken, so no id ever names two schemas within a run.
    store.apply({ kind: 'schema', subject: 'a', version: 2, value: null });
    expect(store.nextId()).toBe(3);
  });

  it('finds an id by canonical key across subjects and keeps soft-deleted versions counted', () => {
    const store = createSchemaStore();
    store.apply(version('a', 1, 5, '{"type": "string"}', true));
    expect(store.idForKey('"string"')).toBe(5);
    expect(store.subjects(false)).toEqual([]);
    expect(store.nextVersion('a')).toBe(2);
  });

  it('keeps records whose schema avsc rejects, without a parsed type', () => {
    const store = createSchemaStore();
    store.apply(version('a', 1, 1, '{"type":"nonsense"}'));
    expect(store.schemaById(1)).toMatchObject({ text: '{"type":"nonsense"}', parsed: undefined });
  });

  it('resets subject and global levels on a null config', () => {
    const store = createSchemaStore();
    store.apply({ kind: 'config', subject: null, compatibility: 'FULL' });
    store.apply({ kind: 'config', subject: 'a', compatibility: 'NONE' });
    expect([store.globalCompatibility(), store.subjectCompatibility('a')]).toEqual(['FULL', 'NONE']);
    store.apply({ kind: 'config', subject: null, compatibility: null });
    store.apply({ kind: 'config', subject: 'a', compatibility: null });
    expect([store.globalCompatibility(), store.subjectCompatibility('a')]).toEqual(['BACKWARD', undefined]);
  });
});
