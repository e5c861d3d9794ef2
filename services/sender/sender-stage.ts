import { readFileSync } from 'node:fs';
import { avroParser } from '../shared/bootstrap/avro-parser';
import type { StageKit } from '../shared/bootstrap/stage-kit';
import { dbSymbol, type Provider } from '../shared/contracts/messages';
import { deliveryTopicKey, retryTopicKey } from '../shared/contracts/topics';
import { createKafkajsConsumer } from '../shared/kafka/kafkajs-consumer';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ADAPTIVE_SETTINGS } from './adaptive-limit';
import { createAdaptiveConcurrencyLimit, createConcurrencyLimit } from './concurrency-limit';
import type { SenderConfig } from './config';
import { createDeliverySender } from './delivery-sender';
import { createOutcomePublisher } from './outcome-publisher';
import { createProviderClient } from './provider-factory';
import type { ProviderClient } from './provider-client';
import { createProviderGate } from './provider-gate';
import { createRetryRunner } from './retry-runner';
import { createSenderHandler } from './sender-handler';
import { createSenderMetrics } from './sender-metrics';
import { secureContextTrusting } from './transport-settings';

export interface SenderWiring {
  readonly clients: ReadonlyMap<Provider, ProviderClient>;
}

export interface SenderWiringOptions {
  readonly clock?: () => number;
  readonly random?: () => number;
}

/** The process name and dead-letter `stage`: sender-fcm for one provider, sender for several. */
export function senderStageName(providers: readonly Provider[]): string {
  return providers.length === 1 ? `sender-${dbSymbol(providers[0]!)}` : 'sender';
}

/**
 * Adds the sender to a kit, per provider: a consumer for the priority lane and one for the bulk lane
 * (separate groups and in-flight budgets, so a broadcast backlog never delays a transactional
 * push), a retry consumer that holds partitions until their head is due, one ProviderClient with its
 * pooled connections and gate, and a shutdown step that drains: consumers finish their batch
 * (receipts published, offsets committed), then connections close.
 */
export function wireSender(kit: StageKit, config: SenderConfig, options: SenderWiringOptions = {}): SenderWiring {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const metrics = createSenderMetrics(kit.metrics.registry);
  const secureContext = config.transport.caFile === null ? null : secureContextTrusting(readFileSync(config.transport.caFile, 'utf8'));
  const clients = new Map<Provider, ProviderClient>();
  const stoppables: Array<{ stop(): Promise<void> }> = [];

  for (const provider of config.providers) {
    const name = dbSymbol(provider);
    const logger = kit.logger.child({ provider: name });
    const gate = createProviderGate(clock);
    const client = createProviderClient(provider, { config, secureContext, gate, clock, metrics, logger });
    clients.set(provider, client);
    const sender = createDeliverySender({ client, gate, policy: config.retry, clock, random, metrics, logger });
    const retryTopic = kit.topics[retryTopicKey(provider)];
    const publisherOn = (producer: typeof kit.producer) =>
      createOutcomePublisher({ codec: kit.codec, producer, receiptsTopic: kit.topics.receipts, retryTopic });
    const bulkPublisher = publisherOn(kit.producer);
    const urgentPublisher = publisherOn(kit.urgentProducer);
    const urgentLimit = createConcurrencyLimit(config.priorityInFlight);
    const bulkLimit = createAdaptiveConcurrencyLimit(
      { ...DEFAULT_ADAPTIVE_SETTINGS, min: config.bulkMinInFlight, max: config.bulkInFlight },
      () => performance.now(),
      (limit) => metrics.bulkLimit.set({ provider: name }, limit),
    );
    const group = (lane: string): string => `${config.groupPrefix}-${name}-${lane}`;
    const lane = (which: 'priority' | 'bulk') =>
      kit.consumer('delivery.avsc', {
        groupId: group(which),
        topics: [kit.topics[deliveryTopicKey(provider, which)]],
        handler: createSenderHandler({
          sender,
          provider,
          lane: which === 'priority' ? 'urgent' : 'bulk',
          limit: which === 'priority' ? urgentLimit : bulkLimit,
          publisher: which === 'priority' ? urgentPublisher : bulkPublisher,
        }),
        maxBatchRecords: config.batchRecords,
        partitionsConsumedConcurrently: config.partitionsConcurrently,
      });
    stoppables.push(lane('priority'), lane('bulk'));

    const retry = createRetryRunner(
      { consumer: createKafkajsConsumer(kit.kafka, { groupId: group('retry') }), codec: kit.codec, producer: kit.producer, logger: kit.logger, metrics: kit.metrics, clock, random },
      {
        stage: kit.stage,
        topic: retryTopic,
        deadLetterTopic: kit.topics.deadletters,
        parse: avroParser(kit.types, 'delivery.avsc'),
        readerSchema: kit.types['delivery.avsc'],
        // Retries share the priority budget: they are transactional more often than not, and few.
        handler: createSenderHandler({ sender, provider, lane: 'urgent', limit: urgentLimit, publisher: urgentPublisher }),
        maxBatchRecords: config.batchRecords,
        partitionsConsumedConcurrently: config.partitionsConcurrently,
        onFatalError: (error) => kit.fail(new Error(`retry consumer failed: ${error.message}`)),
      },
    );
    kit.addReadiness(`consumer:${group('retry')}`, () => retry.isReady());
    kit.addService(retry);
    stoppables.push(retry);
  }

  kit.onShutdown(async () => {
    // Consumers first: each finishes its batch (answers awaited, receipts published, offsets committed).
    await Promise.all(stoppables.map((s) => s.stop()));
    await Promise.all([...clients.values()].map((c) => c.close(config.drainTimeoutMs)));
  });

  return { clients };
}
