import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Schema } from 'avsc';
import type {
  BroadcastTrigger,
  DeadLetter,
  Delivery,
  NotificationRequest,
  OrderShipped,
  Receipt,
} from './messages';
import { findRepoPath } from './repo-path';

/** Every Avro schema file in schemas/, relative to that directory. */
export const SCHEMA_FILES = [
  'notification-request.avsc',
  'broadcast-trigger.avsc',
  'delivery.avsc',
  'receipt.avsc',
  'dead-letter.avsc',
  'examples/order-shipped.avsc',
] as const;
export type SchemaFile = (typeof SCHEMA_FILES)[number];

/** The TypeScript shape of the messages each schema file describes. */
export interface MessageBySchemaFile {
  'notification-request.avsc': NotificationRequest;
  'broadcast-trigger.avsc': BroadcastTrigger;
  'delivery.avsc': Delivery;
  'receipt.avsc': Receipt;
  'dead-letter.avsc': DeadLetter;
  'examples/order-shipped.avsc': OrderShipped;
}

/** The schemas/ directory of this checkout or installation (works from sources and from dist/). */
export function findSchemasDir(fromDir: string = __dirname): string {
  return findRepoPath('schemas', fromDir);
}

/** Parsed JSON of one .avsc file (the schema as written, docs included). */
export function readSchema(file: SchemaFile, schemasDir: string = findSchemasDir()): Schema {
  return JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as Schema;
}
