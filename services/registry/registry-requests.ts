import { z } from 'zod';
import { parseAvroSchema, type ParsedSchema } from './canonical';
import { isCompatibilityLevel, type CompatibilityLevel } from './compatibility';
import { RegistryError, invalidSchema, invalidVersion, schemaNotFound } from './errors';

// Request parsing (JSON body or path segment -> typed value, or the registry's own error code).

/** A version path segment: "latest" (or Confluent's alias -1) or 1..2^31-1. */
export type VersionRef = number | 'latest';

const MAX_VERSION = 2 ** 31 - 1;

export function parseVersionRef(raw: string): VersionRef {
  if (raw === 'latest' || raw === '-1') return 'latest';
  if (!/^[0-9]+$/.test(raw)) throw invalidVersion(raw);
  const version = Number(raw);
  if (version < 1 || version > MAX_VERSION) throw invalidVersion(raw);
  return version;
}

export function parseSchemaId(raw: string): number {
  const id = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw schemaNotFound(`Schema ${raw} not found`);
  return id;
}

const schemaRequest = z.object({
  schema: z.string().min(1),
  schemaType: z.string().optional(),
  references: z.array(z.unknown()).optional(),
});

/** Body of register, lookup and compatibility requests. Only AVRO without references is served. */
export function parseSchemaRequest(body: unknown): ParsedSchema {
  const request = schemaRequest.safeParse(body);
  if (!request.success) throw invalidSchema('the body must be a JSON object with a non-empty string "schema"');
  const { schema, schemaType = 'AVRO', references = [] } = request.data;
  if (schemaType.toUpperCase() !== 'AVRO') {
    throw invalidSchema(`schemaType ${schemaType} is not supported by Herald's local registry (AVRO only)`);
  }
  if (references.length > 0) {
    throw invalidSchema("schema references are not supported by Herald's local registry");
  }
  return parseAvroSchema(schema);
}

const configRequest = z.object({
  compatibility: z.string().optional(),
  compatibilityLevel: z.string().optional(),
});

/** Body of PUT /config[/{subject}]: {"compatibility": "FULL"} (level names are case-insensitive). */
export function parseConfigRequest(body: unknown): CompatibilityLevel {
  const request = configRequest.safeParse(body);
  const raw = request.success ? (request.data.compatibility ?? request.data.compatibilityLevel) : undefined;
  const level = raw?.toUpperCase();
  if (!isCompatibilityLevel(level)) {
    throw new RegistryError(
      'invalidCompatibilityLevel',
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    );
  }
  return level;
}
