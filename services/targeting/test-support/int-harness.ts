import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { prepareContracts } from '../../shared/bootstrap/prepare-contracts';
import { Client, Pool } from 'pg';
import { maintenanceUrl, databaseNameOf } from '../../shared/db/ensure-database';
import { createAvroCodec, type AvroCodec } from '../../shared/codec/avro-codec';
import { loadContractTypes } from '../../shared/contracts/avro-types';
import { findRepoPath } from '../../shared/contracts/repo-path';
import { topicNames, valueSubject, type TopicKey } from '../../shared/contracts/topics';
import { createKafka } from '../../shared/kafka/kafka-client';
import { createLogger, type Logger } from '../../shared/logger';
import { createMetrics } from '../../shared/metrics';
import { loadTargetingConfig } from '../config';
import { systemClock } from '../ports';
import { loadRules } from '../rules/rules-loader';
import { testEnv } from '../../../test/helpers/env';
import { waitFor } from '../../../test/helpers/wait-for';
import { createTargetingApp, type TargetingApp } from '../targeting-app';
import { loadTemplateCatalog } from '../templates/template-loader';

// The real stack for targeting's integration tests: random topic prefixes, schemas registered,
// targeting running in-process against Kafka, the registry and PostgreSQL, and a collector that
// decodes everything targeting writes.

export const random = (label: string): string => `${label}-${randomBytes(5).toString('hex')}`;

export interface Collected {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Record<string, unknown>;
}

export interface Harness {
  readonly env: Readonly<Record<string, string>>;
  readonly topics: Readonly<Record<TopicKey, string>>;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly pool: Pool;
  readonly logger: Logger;
  /** Everything read so far from the delivery topics, receipts and dead letters (decoded). */
  readonly collected: Collected[];
  startTargeting(overrides?: Readonly<Record<string, string>>): Promise<TargetingApp>;
  produce(topic: string, key: string, value: unknown): Promise<void>;
  /** Stops every targeting app started so far. */
  stopTargeting(): Promise<void>;
  close(): Promise<void>;
}

/** Prepares contracts under random prefixes, on DATABASE_URL or a database of its own (`ownDatabase`). */
export async function createHarness(options: { readonly ownDatabase?: boolean } = {}): Promise<Harness> {
  const stack = testEnv();
  let databaseUrl = stack.databaseUrl;
  if (options.ownDatabase === true) {
    const url = new URL(databaseUrl);
    url.pathname = `/${random('herald_targeting').replace(/-/g, '_')}`;
    databaseUrl = url.toString();
  }
  const prefix = `${random('t')}.`;
  const upstreamPrefix = `${random('up')}.`;
  const env: Record<string, string> = {
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
    DATABASE_URL: databaseUrl,
    HERALD_TOPIC_PREFIX: prefix,
    TARGETING_UPSTREAM_TOPIC_PREFIX: upstreamPrefix,
    LOG_LEVEL: 'warn',
    TARGETING_GROUP_ID: random('targeting'),
    TARGETING_BROADCAST_IDLE_POLL_MS: '100',
  };
  const base = loadTargetingConfig(env);
  const logger = createLogger('targeting-test', base.base.logLevel);
  await prepareContracts({ config: base.base, logger, upstreamPrefix });
  const kafka = createKafka(base.base, logger);
  await waitForLeaders(kafka, Object.values(topicNames({ prefix, upstreamPrefix })));
  const codec = createAvroCodec(new SchemaRegistry({ host: base.base.schemaRegistryUrl }));
  const pool = new Pool({ connectionString: databaseUrl, max: 5 });
  // Idle connections can be cut from outside (other suites terminate backends): pg reconnects, but
  // without a listener the error would crash the test process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  const topics = topicNames({ prefix, upstreamPrefix });
  const catalog = loadTemplateCatalog(findRepoPath(path.join('config', 'templates'), __dirname));
  const rules = loadRules(findRepoPath(path.join('config', 'rules.yaml'), __dirname), catalog);
  const contractTypes = loadContractTypes();
  const apps: TargetingApp[] = [];
  const collected: Collected[] = [];

  const collector: Consumer = kafka.consumer({ groupId: random('collector'), maxWaitTimeInMs: 100 });
  await collector.connect();
  const watched = (Object.keys(topics) as TopicKey[]).filter((k) => k.startsWith('delivery.') || k === 'receipts' || k === 'deadletters');
  await collector.subscribe({ topics: watched.map((k) => topics[k]), fromBeginning: true });
  // A collector rebalance re-reads uncommitted records: keep each (topic, partition, offset) once, so
  // what is collected is exactly what was produced.
  const seen = new Set<string>();
  await collector.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const position = `${batch.topic}/${batch.partition}/${message.offset}`;
        if (seen.has(position)) continue;
        seen.add(position);
        const value = (await codec.decode(message.value)) as Record<string, unknown>;
        collected.push({ topic: batch.topic, key: message.key?.toString('utf8') ?? null, value });
      }
    },
  });

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  return {
    env,
    topics,
    kafka,
    codec,
    pool,
    logger,
    collected,
    async startTargeting(overrides = {}) {
      const config = loadTargetingConfig({ ...env, ...overrides });
      const app = createTargetingApp({
        config,
        logger,
        metrics: createMetrics(new Registry()),
        kafka,
        pool,
        codec,
        contractTypes,
        catalog,
        rules,
        clock: systemClock,
      });
      apps.push(app);
      await app.start();
      return app;
    },
    async produce(topic, key, value) {
      const bytes = await codec.encode(valueSubject(topic), value);
      await producer.send({ topic, messages: [{ key, value: bytes }], acks: -1 });
    },
    async stopTargeting() {
      await Promise.all(apps.splice(0).map((a) => a.stop()));
    },
    async close() {
      await Promise.all(apps.splice(0).map((a) => a.stop()));
      await producer.disconnect();
      await collector.disconnect();
      await pool.end();
      if (options.ownDatabase === true) await dropDatabase(databaseUrl);
    },
  };
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseNameOf(databaseUrl))} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** KRaft metadata can lag topic creation ("not the leader"): wait until every partition has a leader. */
async function waitForLeaders(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
        return metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      },
      { description: 'a leader for every partition of the test topics' },
    );
  } finally {
    await admin.disconnect();
  }
}
