import { SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { findSchemasDir, readSchema } from './schema-files';
import { valueSubject, type TopicDeclaration, type TopicKey } from './topics';

/** The part of the schema registry client that registration needs (a port, not a global). */
export type SchemaRegistrar = Pick<SchemaRegistry, 'register'>;

/**
 * Registers each declared topic's value schema under `<topic>-value` (TopicNameStrategy) and returns
 * topic key → schema id. Idempotent: registering an identical schema returns the existing id. The
 * registry checks compatibility against earlier versions (the subject's level, BACKWARD by default)
 * and rejects a breaking change, which fails the caller before it produces anything.
 */
export async function registerSchemas(
  registry: SchemaRegistrar,
  declarations: readonly TopicDeclaration[],
  schemasDir: string = findSchemasDir(),
): Promise<ReadonlyMap<TopicKey, number>> {
  const withSchema = declarations.flatMap((d) => (d.valueSchema === null ? [] : [{ ...d, valueSchema: d.valueSchema }]));
  const ids = await Promise.all(
    withSchema.map(async (d) => {
      const schema = JSON.stringify(readSchema(d.valueSchema, schemasDir));
      const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: valueSubject(d.name) });
      return [d.key, id] as const;
    }),
  );
  return new Map(ids);
}
