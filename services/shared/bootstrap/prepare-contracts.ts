import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { BaseConfig } from '../config';
import type { Logger } from '../logger';
import { applyTopics } from '../contracts/apply-topics';
import { registerSchemas } from '../contracts/register-schemas';
import { declareTopics, type TopicNaming } from '../contracts/topics';
import { ensureDatabase } from '../db/ensure-database';
import { migrate } from '../db/migrate';
import { createKafka } from '../kafka/kafka-client';

export interface PrepareOptions {
  readonly config: Pick<BaseConfig, 'kafkaBrokers' | 'clientId' | 'schemaRegistryUrl' | 'databaseUrl' | 'topicPrefix'>;
  readonly logger: Logger;
  /** Upstream topic prefix ("" in deployments; tests randomise it). */
  readonly upstreamPrefix?: string;
}

/**
 * What every Herald process may rely on before it starts: the database exists and is migrated, every
 * declared topic exists with its declared partitions and configs, and every topic's value schema is
 * registered. Idempotent and safe when several processes start at once.
 */
export async function prepareContracts(options: PrepareOptions): Promise<void> {
  const { config, logger } = options;
  const t0 = Date.now();
  await ensureDatabase(config.databaseUrl);
  const { applied } = await migrate({ databaseUrl: config.databaseUrl });
  const naming: TopicNaming = { prefix: config.topicPrefix, ...(options.upstreamPrefix !== undefined ? { upstreamPrefix: options.upstreamPrefix } : {}) };
  const declarations = declareTopics(naming);
  const admin = createKafka(config, logger).admin();
  await admin.connect();
  try {
    const report = await applyTopics(admin, declarations);
    await registerSchemas(new SchemaRegistry({ host: config.schemaRegistryUrl }), declarations);
    logger.info(
      { migrationsApplied: applied, topicsCreated: report.created, configsUpdated: report.configsUpdated, ms: Date.now() - t0 },
      'contracts ready',
    );
  } finally {
    await admin.disconnect();
  }
}
