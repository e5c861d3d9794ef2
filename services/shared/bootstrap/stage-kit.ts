import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { BaseConfig } from '../config';
import { loadContractTypes, type ContractTypes } from '../contracts/avro-types';
import type { MessageBySchemaFile, SchemaFile } from '../contracts/schema-files';
import { topicNames, type TopicKey } from '../contracts/topics';
import { createAvroCodec, type AvroCodec } from '../codec/avro-codec';
import { loadDbConfig } from '../db/db-config';
import { createPool } from '../db/pool';
import { createOpsServer, type ReadinessCheck } from '../http/ops-server';
import { createKafka } from '../kafka/kafka-client';
import { createConsumerRunner, type ConsumerRunner, type ConsumerRunnerOptions } from '../kafka/consumer-runner';
import type { KafkajsConsumerOptions } from '../kafka/kafkajs-consumer';
import { createKafkajsConsumer } from '../kafka/kafkajs-consumer';
import type { ProducerPort } from '../kafka/kafka-ports';
import { createProducer } from '../kafka/producer';
import { createLogger, type Logger } from '../logger';
import { createMetrics, type HeraldMetrics } from '../metrics';
import { avroParser } from './avro-parser';
import { prepareContracts } from './prepare-contracts';

// Everything a stage process needs from outside, built once from config and passed down: the stage's
// main.ts asks the kit for runners, adds its handler, and calls run(). SIGTERM/SIGINT stop the
// runners (in-flight batches finish and commit), then the producer, pool and ops server close.

export interface StageKitOptions {
  readonly stage: string;
  readonly config: BaseConfig;
  /** Open a PostgreSQL pool (DATABASE_URL + PG_* settings). */
  readonly database?: boolean;
  /** Apply migrations, topics and schemas before starting (idempotent); default true. */
  readonly prepare?: boolean;
  /** Serve /metrics, /healthz, /readyz on OPS_PORT; default true. The API serves its own. */
  readonly opsServer?: boolean;
  /** Give `urgentProducer` broker connections of its own; default false (it is then `producer`). */
  readonly urgentProducer?: boolean;
}

export interface StageKit {
  readonly stage: string;
  readonly config: BaseConfig;
  readonly logger: Logger;
  readonly metrics: HeraldMetrics;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly producer: ProducerPort;
  /**
   * The producer for the urgent lane's records. With the `urgentProducer` option it is a second
   * producer on its own broker connections: the broker handles one request per connection at a
   * time, so on the shared producer a transactional receipt or delivery would queue behind a
   * broadcast's large produce requests. Without it, the same object as `producer`.
   */
  readonly urgentProducer: ProducerPort;
  readonly types: ContractTypes;
  readonly topics: Readonly<Record<TopicKey, string>>;
  /** Present when `database` was asked for. */
  readonly pool: Pool | undefined;
  /** A runner on the shared consumer machinery; decoded into `schema` and checked against it. */
  consumer<F extends SchemaFile>(
    schema: F,
    options: Omit<ConsumerRunnerOptions<never>, 'parse' | 'readerSchema' | 'deadLetterTopic' | 'stage' | 'handler'> & {
      readonly groupId: string;
      readonly handler: ConsumerRunnerOptions<MessageBySchemaFile[F]>['handler'];
      readonly consumer?: Omit<KafkajsConsumerOptions, 'groupId'>;
    },
  ): ConsumerRunner;
  /** Extra readiness checks for /readyz (consumers and the pool are added automatically). */
  addReadiness(name: string, check: ReadinessCheck): void;
  /** Work to stop on shutdown, before the producer and pool close (e.g. a broadcast worker loop). */
  onShutdown(stop: () => Promise<void>): void;
  /**
   * A long-running part the kit does not build (a consumer of another shape, a worker loop): started
   * after the producer and the kit's runners, stopped on shutdown before them.
   */
  addService(service: { start(): Promise<void>; stop(): Promise<void> }): void;
  /** Ends run() with exit code 1 (a part failed for good); the process drains like on SIGTERM. */
  fail(error: Error): void;
  /** Connects the producers, starts the ops server and every runner; resolves with the ops URL (if served). */
  start(): Promise<string | undefined>;
  /** Stops shutdown work, runners (in-flight batches finish and commit), producer, pool, ops server. Idempotent. */
  stop(): Promise<void>;
  /** start(), then wait for SIGTERM/SIGINT (or a fatal consumer error), then stop(). */
  run(): Promise<void>;
}

export async function createStageKit(options: StageKitOptions): Promise<StageKit> {
  const { stage, config } = options;
  const logger = createLogger(stage, config.logLevel);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createMetrics(registry);
  if (options.prepare ?? true) await prepareContracts({ config, logger });
  const kafka = createKafka(config, logger);
  const codec = createAvroCodec(new SchemaRegistry({ host: config.schemaRegistryUrl }));
  const producer = createProducer(kafka, { stage, metrics });
  const urgentProducer = options.urgentProducer ? createProducer(kafka, { stage, metrics }) : producer;
  const producers = urgentProducer === producer ? [producer] : [producer, urgentProducer];
  const types = loadContractTypes();
  const topics = topicNames({ prefix: config.topicPrefix });
  const pool = options.database
    ? createPool(loadDbConfig(), (error) => logger.warn({ err: error }, 'idle database connection failed'), `herald-${stage}`)
    : undefined;
  const runners: ConsumerRunner[] = [];
  const stops: (() => Promise<void>)[] = [];
  const readiness: Record<string, ReadinessCheck> = {};
  const services: { start(): Promise<void>; stop(): Promise<void> }[] = [];
  let stopping: Promise<void> | undefined;
  let fatal: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (fatal = resolve));
  const ops = options.opsServer === false ? undefined : createOpsServer({ port: config.opsPort, registry, readiness, logger });

  if (pool) readiness.database = async () => (await pool.query('SELECT 1')).rowCount === 1;

  const kit: StageKit = {
    stage, config, logger, metrics, kafka, codec, producer, urgentProducer, types, topics, pool,
    consumer(schema, opts) {
      const { groupId, consumer: consumerOptions, handler, ...rest } = opts;
      const runner = createConsumerRunner(
        { consumer: createKafkajsConsumer(kafka, { groupId, ...consumerOptions }), codec, producer, logger, metrics },
        {
          ...rest,
          stage,
          handler,
          parse: avroParser(types, schema),
          readerSchema: types[schema],
          deadLetterTopic: topics.deadletters,
          onFatalError: (error) => fatal(error),
        },
      );
      readiness[`consumer:${groupId}:${runners.length}`] = () => runner.isReady();
      runners.push(runner);
      return runner;
    },
    addReadiness(name, check) {
      readiness[name] = check;
    },
    onShutdown(stop) {
      stops.push(stop);
    },
    addService(service) {
      services.push(service);
    },
    fail(error) {
      fatal(error);
    },
    async start() {
      await Promise.all(producers.map((p) => p.connect()));
      const url = ops === undefined ? undefined : (await ops.start()).url;
      await Promise.all(runners.map((r) => r.start()));
      await Promise.all(services.map((service) => service.start()));
      logger.info({ ops: url, consumers: runners.length }, `${stage} running`);
      return url;
    },
    async stop() {
      stopping ??= (async () => {
        await Promise.all(stops.map((stop) => stop()));
        await Promise.all(services.map((service) => service.stop()));
        await Promise.all(runners.map((r) => r.stop()));
        await Promise.all(producers.map((p) => p.disconnect()));
        await pool?.end();
        await ops?.close();
        logger.info('stopped');
      })();
      await stopping;
    },
    async run() {
      await kit.start();
      const reason = await Promise.race([
        new Promise<string>((resolve) => process.once('SIGTERM', () => resolve('SIGTERM'))),
        new Promise<string>((resolve) => process.once('SIGINT', () => resolve('SIGINT'))),
        failed.then((error) => {
          logger.fatal({ err: error }, 'a part failed for good');
          process.exitCode = 1;
          return `failed: ${error.message}`;
        }),
      ]);
      logger.info({ reason }, 'draining');
      await kit.stop();
    },
  };
  return kit;
}
