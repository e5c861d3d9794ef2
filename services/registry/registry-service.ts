import type { ParsedSchema } from './canonical';
import { checkCompatibility, type CompatibilityLevel, type PreviousSchema } from './compatibility';
import { RegistryError, schemaNotFound, subjectNotFound, versionNotFound } from './errors';
import type { VersionRef } from './registry-requests';
import type { SchemaLog } from './schema-log';
import { encodeRecord, type RegistryRecord, type SchemaVersion } from './schema-records';
import type { SchemaStore } from './schema-store';
import { createSerialQueue } from './serial-queue';

// The registry's operations, answering with Confluent's response bodies. Reads come from the store;
// writes go to the log first and reach the store only once the log acknowledged them.

export interface VersionBody {
  subject: string;
  version: number;
  id: number;
  schema: string;
}

export interface CompatibilityBody {
  is_compatible: boolean;
  messages?: readonly string[];
}

export interface RegistryService {
  register(subject: string, schema: ParsedSchema): Promise<{ id: number }>;
  lookup(subject: string, schema: ParsedSchema, includeDeleted: boolean): VersionBody;
  schemaById(id: number): { schema: string };
  subjects(includeDeleted: boolean): string[];
  versions(subject: string, includeDeleted: boolean): number[];
  version(subject: string, ref: VersionRef, includeDeleted: boolean): VersionBody;
  deleteSubject(subject: string): Promise<number[]>;
  deleteVersion(subject: string, ref: VersionRef): Promise<number>;
  globalConfig(): { compatibilityLevel: CompatibilityLevel };
  setGlobalConfig(level: CompatibilityLevel): Promise<{ compatibility: CompatibilityLevel }>;
  subjectConfig(subject: string, defaultToGlobal: boolean): { compatibilityLevel: CompatibilityLevel };
  setSubjectConfig(subject: string, level: CompatibilityLevel): Promise<{ compatibility: CompatibilityLevel }>;
  deleteSubjectConfig(subject: string): Promise<{ compatibilityLevel: CompatibilityLevel }>;
  /** `ref` undefined or 'latest': against the live versions as the level says; a number: that version. */
  testCompatibility(subject: string, ref: VersionRef | undefined, schema: ParsedSchema): CompatibilityBody;
}

export function createRegistryService(deps: { store: SchemaStore; log: SchemaLog }): RegistryService {
  const { store, log } = deps;
  const serially = createSerialQueue();

  const commit = async (record: RegistryRecord): Promise<void> => {
    try {
      await log.append(encodeRecord(record));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new RegistryError('storeError', `Error while writing to the schema log: ${detail}`, { cause: error });
    }
    store.apply(record);
  };

  const levelOf = (subject: string): CompatibilityLevel =>
    store.subjectCompatibility(subject) ?? store.globalCompatibility();

  const keyOf = (v: SchemaVersion): string | undefined => store.schemaById(v.id)?.key;

  const asPrevious = (versions: readonly SchemaVersion[]): PreviousSchema[] =>
    versions.flatMap((v) => {
      const type = store.schemaById(v.id)?.parsed?.type;
      return type ? [{ version: v.version, type }] : [];
    });

  const liveVersionsOrThrow = (subject: string, includeDeleted: boolean): SchemaVersion[] => {
    const versions = store.versions(subject, includeDeleted);
    if (versions.length === 0) throw subjectNotFound(subject);
    return versions;
  };

  const pickVersion = (versions: readonly SchemaVersion[], ref: VersionRef): SchemaVersion => {
    const found = ref === 'latest' ? versions.at(-1) : versions.find((v) => v.version === ref);
    if (!found) throw versionNotFound(ref);
    return found;
  };

  const toBody = (v: SchemaVersion): VersionBody => ({
    subject: v.subject,
    version: v.version,
    id: v.id,
    schema: v.schema,
  });

  const softDelete = (v: SchemaVersion): Promise<void> =>
    commit({ kind: 'schema', subject: v.subject, version: v.version, value: { ...v, deleted: true } });

  return {
    register: (subject, schema) =>
      serially(async () => {
        const live = store.versions(subject, false);
        const same = live.find((v) => keyOf(v) === schema.key);
        if (same) return { id: same.id };
        const level = levelOf(subject);
        const verdict = checkCompatibility(level, schema.type, asPrevious(live));
        if (!verdict.compatible) {
          throw new RegistryError(
            'incompatibleSchema',
            `Schema being registered is incompatible with an earlier schema for subject "${subject}" ` +
              `(compatibility ${level}), details: ${verdict.messages.join('; ')}`,
          );
        }
        const existingId = store.idForKey(schema.key);
        const id = existingId ?? store.nextId();
        const text = (existingId !== undefined && store.schemaById(existingId)?.text) || schema.text;
        const version = store.nextVersion(subject);
        await commit({
          kind: 'schema',
          subject,
          version,
          value: { subject, version, id, schema: text, deleted: false },
        });
        return { id };
      }),

    lookup: (subject, schema, includeDeleted) => {
      const versions = liveVersionsOrThrow(subject, includeDeleted);
      const match = versions.findLast((v) => keyOf(v) === schema.key);
      if (!match) throw schemaNotFound();
      return toBody(match);
    },

    schemaById: (id) => {
      const found = store.schemaById(id);
      if (!found) throw schemaNotFound(`Schema ${id} not found`);
      return { schema: found.text };
    },

    subjects: (includeDeleted) => store.subjects(includeDeleted),

    versions: (subject, includeDeleted) => liveVersionsOrThrow(subject, includeDeleted).map((v) => v.version),

    version: (subject, ref, includeDeleted) => toBody(pickVersion(liveVersionsOrThrow(subject, includeDeleted), ref)),

    deleteSubject: (subject) =>
      serially(async () => {
        const live = liveVersionsOrThrow(subject, false);
        for (const v of live) await softDelete(v);
        return live.map((v) => v.version);
      }),

    deleteVersion: (subject, ref) =>
      serially(async () => {
        const target = pickVersion(liveVersionsOrThrow(subject, false), ref);
        await softDelete(target);
        return target.version;
      }),

    globalConfig: () => ({ compatibilityLevel: store.globalCompatibility() }),

    setGlobalConfig: (level) =>
      serially(async () => {
        await commit({ kind: 'config', subject: null, compatibility: level });
        return { compatibility: level };
      }),

    subjectConfig: (subject, defaultToGlobal) => {
      const level = store.subjectCompatibility(subject) ?? (defaultToGlobal ? store.globalCompatibility() : undefined);
      if (!level) throw subjectConfigNotFound(subject);
      return { compatibilityLevel: level };
    },

    setSubjectConfig: (subject, level) =>
      serially(async () => {
        await commit({ kind: 'config', subject, compatibility: level });
        return { compatibility: level };
      }),

    deleteSubjectConfig: (subject) =>
      serially(async () => {
        const level = store.subjectCompatibility(subject);
        if (!level) throw subjectConfigNotFound(subject);
        await commit({ kind: 'config', subject, compatibility: null });
        return { compatibilityLevel: level };
      }),

    testCompatibility: (subject, ref, schema) => {
      const level = levelOf(subject);
      const previous =
        ref === undefined || ref === 'latest'
          ? store.versions(subject, false)
          : [pickVersion(liveVersionsOrThrow(subject, false), ref)];
      const verdict = checkCompatibility(level, schema.type, asPrevious(previous));
      return { is_compatible: verdict.compatible, messages: verdict.messages };
    },
  };
}

function subjectConfigNotFound(subject: string): RegistryError {
  return new RegistryError(
    'subjectConfigNotFound',
    `Subject '${subject}' does not have subject-level compatibility configured`,
  );
}
