import type { Type } from 'avsc';
import type { Parser } from '../codec/parse';
import { HeraldError } from '../errors';
import type { MessageBySchemaFile, SchemaFile } from '../contracts/schema-files';
import type { ContractTypes } from '../contracts/avro-types';

/**
 * The parse step for a value decoded into one of our reader schemas: avsc already produced the shape,
 * so parsing checks it (a value a newer writer could send that our reader cannot hold fails here) and
 * types it. INVALID_MESSAGE names the schema.
 */
export function avroParser<F extends SchemaFile>(types: ContractTypes, file: F): Parser<MessageBySchemaFile[F]> {
  const type: Type = types[file];
  return (value) => {
    if (!type.isValid(value)) throw new HeraldError('INVALID_MESSAGE', `value does not match ${file}`);
    return value as MessageBySchemaFile[F];
  };
}
