import { Type } from 'avsc';
import { findSchemasDir, readSchema, SCHEMA_FILES, type SchemaFile } from './schema-files';

/** The parsed avsc Type of every schema file, keyed by file (as topic declarations name them). */
export type ContractTypes = { readonly [F in SchemaFile]: Type };

/**
 * Parses every .avsc in schemas/. Call once at start-up and pass the result down: a schema that does
 * not parse fails the process before it consumes anything.
 */
export function loadContractTypes(schemasDir: string = findSchemasDir()): ContractTypes {
  const entries = SCHEMA_FILES.map((file) => [file, Type.forSchema(readSchema(file, schemasDir))] as const);
  return Object.freeze(Object.fromEntries(entries) as Record<SchemaFile, Type>);
}
