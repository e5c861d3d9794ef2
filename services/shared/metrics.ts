import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// The one place metric names live. Dashboards, alert rules and the kafka_exporter-compatible lag
// exporter refer to these names; stages get typed metric objects from `createMetrics(registry)`.

export const METRIC_NAMES = {
  messagesConsumed: 'herald_messages_consumed_total',
  messagesProduced: 'herald_messages_produced_total',
  handleDuration: 'herald_handle_duration_seconds',
  handleBatchSize: 'herald_handle_batch_messages',
  deadLetters: 'herald_dead_letters_total',
  retries: 'herald_retries_total',
  deliveryOutcomes: 'herald_delivery_outcomes_total',
  suppressions: 'herald_suppressions_total',
  endToEndLatency: 'herald_end_to_end_latency_seconds',
  consumerLag: 'herald_consumer_lag_messages',
  pausedPartitions: 'herald_consumer_paused_partitions',
} as const;

/** Names of the metrics one stage builds itself (still named here, so every name has one home). */
export const STAGE_METRIC_NAMES = {
  // services/sender/sender-metrics.ts
  senderOutcomeReasons: 'herald_sender_outcome_reasons_total',
  senderRequestDuration: 'herald_sender_request_duration_seconds',
  senderInFlight: 'herald_sender_in_flight_requests',
  senderBulkLimit: 'herald_sender_bulk_in_flight_limit',
  senderDeferred: 'herald_sender_deferred_total',
  senderGateClosures: 'herald_sender_gate_closures_total',
  senderConnectionEvents: 'herald_sender_connection_events_total',
  // services/api/api-metrics.ts
  httpRequests: 'herald_http_requests_total',
  httpRequestDuration: 'herald_http_request_duration_seconds',
} as const;

/** Seconds: 1 ms .. 10 s, for one handler call over a batch. */
const HANDLE_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: 10 ms .. 10 min, event accepted → provider answered (includes queueing behind lag). */
const LATENCY_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** Messages per handler call. */
const BATCH_SIZE_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

export interface HeraldMetrics {
  readonly registry: Registry;
  /** Messages read from Kafka by a stage (decoded or not). */
  readonly messagesConsumed: Counter<'stage' | 'topic'>;
  /** Messages a stage produced to Kafka (acknowledged by the broker). */
  readonly messagesProduced: Counter<'stage' | 'topic'>;
  /** Seconds one handler call took, per stage and source topic. */
  readonly handleDuration: Histogram<'stage' | 'topic'>;
  /** Messages per handler call. */
  readonly handleBatchSize: Histogram<'stage' | 'topic'>;
  /** Messages dead-lettered, by the metric label of their error code. */
  readonly deadLetters: Counter<'stage' | 'reason'>;
  /** Retries scheduled, by the metric label of the error code that caused them. */
  readonly retries: Counter<'stage' | 'reason'>;
  /** Provider answers: provider (fcm/apns/webpush) and classified status (accepted, token_dead, ...). */
  readonly deliveryOutcomes: Counter<'provider' | 'status'>;
  /** Messages deliberately not sent (opted_out, quiet_hours, duplicate, expired, no_devices, ...). */
  readonly suppressions: Counter<'stage' | 'reason'>;
  /** Seconds from the event's creation to the provider's answer. */
  readonly endToEndLatency: Histogram<'provider'>;
  /** Messages behind the partition's high watermark after the last handled batch. */
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  /** Partitions paused for a retry backoff right now. */
  readonly pausedPartitions: Gauge<'group' | 'topic'>;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  buckets: number[],
): Histogram<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram({ name, help, labelNames, buckets, registers: [registry] });
}

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Gauge<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<L>;
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

/**
 * Typed metrics registered on `registry` (never prom-client's global default). Idempotent per
 * registry: a second call returns the same metric objects, so several runners can share a registry.
 */
export function createMetrics(registry: Registry): HeraldMetrics {
  const n = METRIC_NAMES;
  return {
    registry,
    messagesConsumed: counter(registry, n.messagesConsumed, 'Messages read from Kafka.', ['stage', 'topic']),
    messagesProduced: counter(registry, n.messagesProduced, 'Messages produced and acknowledged.', ['stage', 'topic']),
    handleDuration: histogram(
      registry,
      n.handleDuration,
      'Seconds per handler call over a batch.',
      ['stage', 'topic'],
      HANDLE_BUCKETS_SECONDS,
    ),
    handleBatchSize: histogram(
      registry,
      n.handleBatchSize,
      'Messages per handler call.',
      ['stage', 'topic'],
      BATCH_SIZE_BUCKETS,
    ),
    deadLetters: counter(registry, n.deadLetters, 'Messages dead-lettered, by reason code.', ['stage', 'reason']),
    retries: counter(registry, n.retries, 'Retries scheduled, by reason code.', ['stage', 'reason']),
    deliveryOutcomes: counter(
      registry,
      n.deliveryOutcomes,
      'Provider answers by provider and classified status.',
      ['provider', 'status'],
    ),
    suppressions: counter(registry, n.suppressions, 'Notifications not sent, by reason.', ['stage', 'reason']),
    endToEndLatency: histogram(
      registry,
      n.endToEndLatency,
      'Seconds from event creation to provider answer.',
      ['provider'],
      LATENCY_BUCKETS_SECONDS,
    ),
    consumerLag: gauge(
      registry,
      n.consumerLag,
      'Messages behind the high watermark after the last handled batch.',
      ['group', 'topic', 'partition'],
    ),
    pausedPartitions: gauge(registry, n.pausedPartitions, 'Partitions paused for a retry backoff.', ['group', 'topic']),
  };
}
