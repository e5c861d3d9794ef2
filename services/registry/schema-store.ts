import { parseAvroSchema, type ParsedSchema } from './canonical';
import { DEFAULT_COMPATIBILITY, type CompatibilityLevel } from './compatibility';
import type { RegistryRecord, SchemaVersion } from './schema-records';

/** A schema known by id; `parsed` is undefined when the log holds text avsc rejects (foreign writer). */
export interface StoredSchema {
  readonly id: number;
  readonly text: string;
  readonly key: string;
  readonly parsed: ParsedSchema | undefined;
}

/**
 * The registry's state, rebuilt from the log: every decision reads it, only `apply` changes it.
 * Soft-deleted versions stay (Confluent keeps them for `?deleted=true`, their ids stay readable and
 * their version numbers are never reused); tombstones remove them.
 */
export interface SchemaStore {
  apply(record: RegistryRecord): void;
  subjects(includeDeleted: boolean): string[];
  /** Versions of a subject, ascending. */
  versions(subject: string, includeDeleted: boolean): SchemaVersion[];
  version(subject: string, version: number): SchemaVersion | undefined;
  schemaById(id: number): StoredSchema | undefined;
  /** The id a schema with this canonical key already has, in any subject. */
  idForKey(key: string): number | undefined;
  nextId(): number;
  nextVersion(subject: string): number;
  subjectCompatibility(subject: string): CompatibilityLevel | undefined;
  globalCompatibility(): CompatibilityLevel;
}

export function createSchemaStore(): SchemaStore {
  const subjects = new Map<string, Map<number, SchemaVersion>>();
  const byId = new Map<number, StoredSchema>();
  const idByKey = new Map<string, number>();
  const subjectConfig = new Map<string, CompatibilityLevel>();
  let globalConfig: CompatibilityLevel | undefined;
  let maxId = 0;

  const isIdReferenced = (id: number): boolean =>
    [...subjects.values()].some((versions) => [...versions.values()].some((v) => v.id === id));

  const rememberSchema = (id: number, text: string): void => {
    const known = byId.get(id);
    if (known && known.text === text) return;
    if (known) idByKey.delete(known.key);
    let parsed: ParsedSchema | undefined;
    try {
      parsed = parseAvroSchema(text);
    } catch {
      parsed = undefined;
    }
    const key = parsed ? parsed.key : `unparsable:${text}`;
    byId.set(id, { id, text, key, parsed });
    if (!idByKey.has(key)) idByKey.set(key, id);
  };

  const forgetVersion = (subject: string, version: number): void => {
    const versions = subjects.get(subject);
    const removed = versions?.get(version);
    if (!versions || !removed) return;
    versions.delete(version);
    if (versions.size === 0) subjects.delete(subject);
    if (isIdReferenced(removed.id)) return;
    const schema = byId.get(removed.id);
    byId.delete(removed.id);
    if (schema && idByKey.get(schema.key) === removed.id) idByKey.delete(schema.key);
  };

  const applySchema = (subject: string, version: number, value: SchemaVersion | null): void => {
    if (value === null) {
      forgetVersion(subject, version);
      return;
    }
    const previous = subjects.get(subject)?.get(version);
    if (previous && previous.id !== value.id) forgetVersion(subject, version);
    rememberSchema(value.id, value.schema);
    maxId = Math.max(maxId, value.id);
    const versions = subjects.get(subject) ?? new Map<number, SchemaVersion>();
    versions.set(version, value);
    subjects.set(subject, versions);
  };

  const sortedVersions = (subject: string): SchemaVersion[] =>
    [...(subjects.get(subject)?.values() ?? [])].sort((a, b) => a.version - b.version);

  return {
    apply(record) {
      if (record.kind === 'schema') {
        applySchema(record.subject, record.version, record.value);
      } else if (record.subject === null) {
        globalConfig = record.compatibility ?? undefined;
      } else if (record.compatibility === null) {
        subjectConfig.delete(record.subject);
      } else {
        subjectConfig.set(record.subject, record.compatibility);
      }
    },
    subjects: (includeDeleted) =>
      [...subjects.keys()]
        .filter((subject) => sortedVersions(subject).some((v) => includeDeleted || !v.deleted))
        .sort(),
    versions: (subject, includeDeleted) => sortedVersions(subject).filter((v) => includeDeleted || !v.deleted),
    version: (subject, version) => subjects.get(subject)?.get(version),
    schemaById: (id) => byId.get(id),
    idForKey: (key) => idByKey.get(key),
    nextId: () => maxId + 1,
    nextVersion: (subject) => (sortedVersions(subject).at(-1)?.version ?? 0) + 1,
    subjectCompatibility: (subject) => subjectConfig.get(subject),
    globalCompatibility: () => globalConfig ?? DEFAULT_COMPATIBILITY,
  };
}
