import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { testEnv } from './env';

/** A registry client for the test stack's registry. */
export function testSchemaRegistry(): SchemaRegistry {
  return new SchemaRegistry({ host: testEnv().schemaRegistryUrl, clientId: 'herald-test' });
}

/** Parsed JSON of a schema file in schemas/ (the contract, as committed). */
export function schemaFile(relativePath: string): string {
  return readFileSync(path.join(__dirname, '..', '..', 'schemas', relativePath), 'utf8');
}

/** Registers an Avro schema under `subject`; returns its id. */
export async function registerAvro(registry: SchemaRegistry, subject: string, schema: string | object): Promise<number> {
  const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: text }, { subject });
  return id;
}

/** Registers schemas/dead-letter.avsc for a (test) dead-letter topic under `<topic>-value`. */
export function registerDeadLetterSchema(registry: SchemaRegistry, deadLetterTopic: string): Promise<number> {
  return registerAvro(registry, `${deadLetterTopic}-value`, schemaFile('dead-letter.avsc'));
}
