import type { Resolver, Type } from 'avsc';
import { CodecError, readFrame, writeFrame } from './confluent-frame';

// Avro over a Confluent-compatible schema registry. Decoding is split: `decode` turns framed bytes
// into a plain value (framing + registry lookup + Avro body); turning that value into a typed
// message is the caller's `parse` step (see parse.ts).

/** The part of @kafkajs/confluent-schema-registry's SchemaRegistry the codec uses (it satisfies this). */
export interface SchemaRegistryPort {
  getSchema(registryId: number): Promise<unknown>;
  getLatestSchemaId(subject: string): Promise<number>;
}

export type AvroType = Pick<Type, 'decode' | 'toBuffer' | 'isValid' | 'createResolver'>;

export interface DecodeOptions {
  /** Decode into this (reader) schema, resolving from the writer's schema (Avro schema evolution). */
  readonly readerSchema?: Type;
}

export interface AvroCodec {
  /** Confluent-framed Avro bytes of `value`, written with the schema id given or the subject's latest id. */
  encode(subjectOrSchemaId: string | number, value: unknown): Promise<Buffer>;
  /** The plain value inside Confluent-framed Avro bytes. Throws CodecError: DECODE_FAILED, SCHEMA_NOT_FOUND,
   *  INVALID_MESSAGE (reader schema cannot read the writer's), TRANSIENT (registry unreachable). */
  decode(bytes: Buffer | null | undefined, options?: DecodeOptions): Promise<unknown>;
  /** The subject's latest schema id (cached for the codec's lifetime). */
  schemaIdFor(subject: string): Promise<number>;
}

function isAvroType(schema: unknown): schema is AvroType {
  if (typeof schema !== 'object' || schema === null) return false;
  const candidate = schema as Record<string, unknown>;
  return ['decode', 'toBuffer', 'isValid', 'createResolver'].every((m) => typeof candidate[m] === 'function');
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A registry answer of 404 means the id/subject does not exist; anything else may pass (retry). */
function registryFailure(
  error: unknown,
  what: string,
  notFound: 'unknown_schema_id' | 'unknown_subject',
  schemaId?: number,
): CodecError {
  const options = { cause: error, ...(schemaId === undefined ? {} : { schemaId }) };
  if (httpStatusOf(error) === 404) {
    return new CodecError('SCHEMA_NOT_FOUND', notFound, `${what} is not in the registry`, options);
  }
  const message = `registry lookup of ${what} failed: ${describe(error)}`;
  return new CodecError('TRANSIENT', 'registry_unavailable', message, options);
}

export function createAvroCodec(registry: SchemaRegistryPort): AvroCodec {
  const subjectIds = new Map<string, Promise<number>>();
  const resolvers = new WeakMap<Type, Map<number, Resolver>>();

  async function schemaById(schemaId: number): Promise<AvroType> {
    let schema: unknown;
    try {
      schema = await registry.getSchema(schemaId);
    } catch (error) {
      throw registryFailure(error, `schema id ${schemaId}`, 'unknown_schema_id', schemaId);
    }
    if (!isAvroType(schema)) {
      throw new CodecError('DECODE_FAILED', 'unsupported_schema_type', `schema id ${schemaId} is not an Avro schema`, {
        schemaId,
      });
    }
    return schema;
  }

  function schemaIdFor(subject: string): Promise<number> {
    const cached = subjectIds.get(subject);
    if (cached) return cached;
    const lookup = registry.getLatestSchemaId(subject).catch((error: unknown) => {
      subjectIds.delete(subject);
      throw registryFailure(error, `subject ${subject}`, 'unknown_subject');
    });
    subjectIds.set(subject, lookup);
    return lookup;
  }

  function resolverFor(reader: Type, writer: AvroType, schemaId: number): Resolver {
    let byId = resolvers.get(reader);
    if (!byId) {
      byId = new Map();
      resolvers.set(reader, byId);
    }
    let resolver = byId.get(schemaId);
    if (!resolver) {
      try {
        resolver = reader.createResolver(writer as Type);
      } catch (error) {
        const message = `reader schema cannot read schema id ${schemaId}: ${describe(error)}`;
        throw new CodecError('INVALID_MESSAGE', 'incompatible_schema', message, { cause: error, schemaId });
      }
      byId.set(schemaId, resolver);
    }
    return resolver;
  }

  async function encode(subjectOrSchemaId: string | number, value: unknown): Promise<Buffer> {
    const schemaId =
      typeof subjectOrSchemaId === 'number' ? subjectOrSchemaId : await schemaIdFor(subjectOrSchemaId);
    const schema = await schemaById(schemaId);
    const invalidPaths: string[] = [];
    if (!schema.isValid(value, { errorHook: (path) => invalidPaths.push(path.join('.') || '(root)') })) {
      const message = `value does not match schema id ${schemaId} at: ${invalidPaths.join(', ')}`;
      throw new CodecError('INVALID_MESSAGE', 'invalid_value', message, { schemaId });
    }
    return writeFrame(schemaId, schema.toBuffer(value));
  }

  async function decode(bytes: Buffer | null | undefined, options?: DecodeOptions): Promise<unknown> {
    const { schemaId, body } = readFrame(bytes);
    const writer = await schemaById(schemaId);
    const reader = options?.readerSchema;
    let decoded: { value: unknown; offset: number };
    try {
      decoded = reader ? reader.decode(body, 0, resolverFor(reader, writer, schemaId)) : writer.decode(body, 0);
    } catch (error) {
      if (error instanceof CodecError) throw error;
      const message = `Avro body is corrupt for schema id ${schemaId}: ${describe(error)}`;
      throw new CodecError('DECODE_FAILED', 'invalid_body', message, { cause: error, schemaId });
    }
    if (decoded.offset < 0) {
      const message = `Avro body (${body.length} bytes) ends early for schema id ${schemaId}`;
      throw new CodecError('DECODE_FAILED', 'truncated_body', message, { schemaId });
    }
    if (decoded.offset < body.length) {
      throw new CodecError(
        'DECODE_FAILED',
        'trailing_bytes',
        `Avro body has ${body.length - decoded.offset} bytes after the value for schema id ${schemaId}`,
        { schemaId },
      );
    }
    return decoded.value;
  }

  return { encode, decode, schemaIdFor };
}
