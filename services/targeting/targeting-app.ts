import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { avroParser } from '../shared/bootstrap/avro-parser';
import type { AvroCodec } from '../shared/codec/avro-codec';
import type { ContractTypes } from '../shared/contracts/avro-types';
import type { BroadcastTrigger, NotificationRequest } from '../shared/contracts/messages';
import { topicNames } from '../shared/contracts/topics';
import type { ReadinessCheck } from '../shared/http/ops-server';
import { createConsumerRunner, type ConsumerRunner } from '../shared/kafka/consumer-runner';
import { createKafkajsConsumer } from '../shared/kafka/kafkajs-consumer';
import { createProducer } from '../shared/kafka/producer';
import type { Logger } from '../shared/logger';
import type { HeraldMetrics } from '../shared/metrics';
import { createPgBroadcastStore } from './adapters/pg-broadcast-store';
import { createPgDedupStore } from './adapters/pg-dedup-store';
import { createPgDeviceStore, createPgPreferenceStore } from './adapters/pg-device-store';
import { createKafkaEventLog } from './adapters/kafka-event-log';
import { createBroadcastWorker, type BroadcastWorker } from './broadcast/broadcast-worker';
import type { TargetingConfig } from './config';
import { createBroadcastTriggerHandler } from './handlers/broadcast-trigger-handler';
import { createDomainEventHandler, parseDomainEvent } from './handlers/domain-event-handler';
import { createRequestHandler } from './handlers/request-handler';
import { createNotificationProcessor } from './notification-processor';
import type { Clock } from './ports';
import type { Rule } from './rules/rule-model';
import type { TemplateCatalog } from './templates/template-model';

export const STAGE = 'targeting';

export interface TargetingAppDeps {
  readonly config: TargetingConfig;
  readonly logger: Logger;
  readonly metrics: HeraldMetrics;
  readonly kafka: Kafka;
  readonly pool: Pool;
  readonly codec: AvroCodec;
  readonly contractTypes: ContractTypes;
  readonly catalog: TemplateCatalog;
  /** Rules as written (topics unprefixed); the upstream prefix is applied here. */
  readonly rules: readonly Rule[];
  readonly clock: Clock;
  /** Called when a consumer crashed for good (main exits non-zero). */
  readonly onFatalError?: (error: Error) => void;
}

export interface TargetingApp {
  start(): Promise<void>;
  /** Stops consuming (committing what was handled), stops broadcast workers gracefully, disconnects. */
  stop(): Promise<void>;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  readonly broadcastWorkers: readonly BroadcastWorker[];
}

/** Builds targeting from its dependencies: three consumer runners, the broadcast workers, two producers (transactional and broadcast). */
export function createTargetingApp(deps: TargetingAppDeps): TargetingApp {
  const { config, logger, metrics } = deps;
  const topics = topicNames({ prefix: config.base.topicPrefix, upstreamPrefix: config.upstreamTopicPrefix });
  const rules = deps.rules.map((rule) => ({ ...rule, topic: `${config.upstreamTopicPrefix}${rule.topic}` }));
  // Two producers, each on its own broker connections (the broker serves one request per connection
  // at a time): broadcasts' large produce requests on one, requests and domain events on the other,
  // so a transactional delivery never queues behind a broadcast chunk. The runners' dead letters go
  // through the latter.
  const producer = createProducer(deps.kafka, { stage: STAGE, metrics });
  const broadcastProducer = createProducer(deps.kafka, { stage: STAGE, metrics });
  const eventLog = createKafkaEventLog({ producer, codec: deps.codec, topics });
  const broadcastEventLog = createKafkaEventLog({ producer: broadcastProducer, codec: deps.codec, topics });
  const broadcastStore = createPgBroadcastStore(deps.pool);
  const processJobs = createNotificationProcessor({
    devices: createPgDeviceStore(deps.pool),
    preferences: createPgPreferenceStore(deps.pool),
    dedup: createPgDedupStore(deps.pool),
    eventLog,
    catalog: deps.catalog,
    clock: deps.clock,
    metrics,
    stage: STAGE,
  });

  const workers = Array.from({ length: config.broadcast.workers }, (_, i) =>
    createBroadcastWorker({
      store: broadcastStore,
      eventLog: broadcastEventLog,
      catalog: deps.catalog,
      clock: deps.clock,
      logger,
      metrics,
      owner: `${config.instanceId}-${i}`,
      leaseMs: config.broadcast.leaseMs,
      pageSize: config.broadcast.pageSize,
      defaultRatePerSecond: config.broadcast.defaultRatePerSecond,
      idlePollMs: config.broadcast.idlePollMs,
    }),
  );

  const runnerDeps = (group: string) => ({
    consumer: createKafkajsConsumer(deps.kafka, { groupId: `${config.groupIdPrefix}-${group}` }),
    codec: deps.codec,
    producer,
    logger,
    metrics,
  });
  const common = {
    stage: STAGE,
    deadLetterTopic: topics.deadletters,
    maxBatchRecords: config.maxBatchRecords,
    partitionsConsumedConcurrently: config.partitionsConcurrently,
    ...(deps.onFatalError === undefined ? {} : { onFatalError: deps.onFatalError }),
  };
  const runners: Record<string, ConsumerRunner> = {
    requests: createConsumerRunner<NotificationRequest>(runnerDeps('requests'), {
      ...common,
      topics: [topics['notifications.requests']],
      readerSchema: deps.contractTypes['notification-request.avsc'],
      parse: avroParser(deps.contractTypes, 'notification-request.avsc'),
      handler: createRequestHandler(processJobs, deps.catalog),
    }),
    broadcasts: createConsumerRunner<BroadcastTrigger>(runnerDeps('broadcasts'), {
      ...common,
      topics: [topics['broadcasts.triggers']],
      readerSchema: deps.contractTypes['broadcast-trigger.avsc'],
      parse: avroParser(deps.contractTypes, 'broadcast-trigger.avsc'),
      handler: createBroadcastTriggerHandler(broadcastStore, deps.catalog, () => workers.forEach((w) => w.wake())),
    }),
  };
  const ruleTopics = [...new Set(rules.map((r) => r.topic))];
  if (ruleTopics.length > 0) {
    runners.events = createConsumerRunner(runnerDeps('events'), {
      ...common,
      topics: ruleTopics,
      parse: parseDomainEvent,
      handler: createDomainEventHandler(processJobs, rules, deps.catalog, logger),
    });
  }

  const readiness: Record<string, ReadinessCheck> = {
    database: async () => (await deps.pool.query('SELECT 1')).rowCount === 1,
  };
  for (const [name, runner] of Object.entries(runners)) readiness[`consumer_${name}`] = () => runner.isReady();

  return {
    async start() {
      await Promise.all([producer.connect(), broadcastProducer.connect()]);
      // Workers first: joining the consumer groups can wait out a dead member's session (after a
      // crash, ~30 s), and a broadcast whose lease expired must not wait for that.
      workers.forEach((w) => w.start());
      await Promise.all(Object.values(runners).map((r) => r.start()));
      logger.info({ runners: Object.keys(runners), broadcastWorkers: workers.length, rules: rules.length }, 'targeting started');
    },
    async stop() {
      await Promise.all([...Object.values(runners).map((r) => r.stop()), ...workers.map((w) => w.stop())]);
      await Promise.all([producer.disconnect(), broadcastProducer.disconnect()]);
    },
    readiness,
    broadcastWorkers: workers,
  };
}
