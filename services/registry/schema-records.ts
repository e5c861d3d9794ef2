import { z } from 'zod';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from './compatibility';
import type { LogEntry } from './schema-log';

// Records of the registry's log, in the key/value JSON that Confluent Schema Registry writes to its
// own `_schemas` topic, so the topic reads the same to anyone who knows Confluent's:
//   key   {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
//   value {"subject":"s","version":1,"id":7,"schema":"...","deleted":false}   (null = tombstone)
//   key   {"keytype":"CONFIG","subject":null|"s","magic":0}
//   value {"compatibilityLevel":"BACKWARD"}                                      (null = reset)
// Other key types (Confluent's NOOP, MODE, ...) are skipped.

export interface SchemaVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly deleted: boolean;
}

export type RegistryRecord =
  | { readonly kind: 'schema'; readonly subject: string; readonly version: number; readonly value: SchemaVersion | null }
  | { readonly kind: 'config'; readonly subject: string | null; readonly compatibility: CompatibilityLevel | null };

export type DecodedEntry =
  | { readonly ok: true; readonly record: RegistryRecord }
  | { readonly ok: false; readonly skipped: 'other-keytype' | 'malformed'; readonly reason: string };

const positiveInt = z.number().int().positive();

const schemaKey = z.object({ keytype: z.literal('SCHEMA'), subject: z.string(), version: positiveInt });
const configKey = z.object({ keytype: z.literal('CONFIG'), subject: z.string().nullable().optional() });
const anyKey = z.object({ keytype: z.string() });

const schemaValue = z.object({
  subject: z.string(),
  version: positiveInt,
  id: positiveInt,
  schema: z.string(),
  deleted: z.boolean().optional(),
});
const configValue = z.object({ compatibilityLevel: z.enum(COMPATIBILITY_LEVELS) });

export function encodeRecord(record: RegistryRecord): LogEntry {
  if (record.kind === 'schema') {
    const key = { keytype: 'SCHEMA', subject: record.subject, version: record.version, magic: 1 };
    const value = record.value && {
      subject: record.value.subject,
      version: record.value.version,
      id: record.value.id,
      schema: record.value.schema,
      deleted: record.value.deleted,
    };
    return { key: JSON.stringify(key), value: value && JSON.stringify(value) };
  }
  const key = { keytype: 'CONFIG', subject: record.subject, magic: 0 };
  const value = record.compatibility && { compatibilityLevel: record.compatibility };
  return { key: JSON.stringify(key), value: value && JSON.stringify(value) };
}

export function decodeEntry(entry: LogEntry): DecodedEntry {
  const keyJson = parseJson(entry.key);
  const kind = anyKey.safeParse(keyJson);
  if (!kind.success) return malformed(`key is not a registry key: ${entry.key}`);
  const valueJson = entry.value === null ? null : parseJson(entry.value);

  if (kind.data.keytype === 'SCHEMA') {
    const key = schemaKey.safeParse(keyJson);
    if (!key.success) return malformed(`bad SCHEMA key: ${entry.key}`);
    const { subject, version } = key.data;
    if (valueJson === null) return { ok: true, record: { kind: 'schema', subject, version, value: null } };
    const value = schemaValue.safeParse(valueJson);
    if (!value.success) return malformed(`bad SCHEMA value for ${entry.key}`);
    const { id, schema, deleted = false } = value.data;
    return { ok: true, record: { kind: 'schema', subject, version, value: { subject, version, id, schema, deleted } } };
  }

  if (kind.data.keytype === 'CONFIG') {
    const key = configKey.safeParse(keyJson);
    if (!key.success) return malformed(`bad CONFIG key: ${entry.key}`);
    const subject = key.data.subject ?? null;
    if (valueJson === null) return { ok: true, record: { kind: 'config', subject, compatibility: null } };
    const value = configValue.safeParse(valueJson);
    if (!value.success) return malformed(`bad CONFIG value for ${entry.key}`);
    return { ok: true, record: { kind: 'config', subject, compatibility: value.data.compatibilityLevel } };
  }

  return { ok: false, skipped: 'other-keytype', reason: `keytype ${kind.data.keytype}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function malformed(reason: string): DecodedEntry {
  return { ok: false, skipped: 'malformed', reason };
}
