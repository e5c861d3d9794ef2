import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { BaseConfig } from '../config';

export interface SchemaRegistryClientOptions {
  /** Retries of a failed registry request (5xx) before the codec reports TRANSIENT. */
  readonly retries?: number;
}

/** The registry client a process passes to createAvroCodec (one per process, never a global). */
export function createSchemaRegistryClient(
  config: Pick<BaseConfig, 'schemaRegistryUrl' | 'clientId'>,
  options: SchemaRegistryClientOptions = {},
): SchemaRegistry {
  return new SchemaRegistry({
    host: config.schemaRegistryUrl,
    clientId: config.clientId,
    retry: { retries: options.retries ?? 3 },
  });
}
