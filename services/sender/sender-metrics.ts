import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createMetrics, STAGE_METRIC_NAMES, type HeraldMetrics } from '../shared/metrics';

// Sender-only metrics, next to the shared ones (herald_delivery_outcomes_total,
// herald_end_to_end_latency_seconds, herald_retries_total) that the sender also feeds.

export const SENDER_METRIC_NAMES = {
  outcomeReasons: STAGE_METRIC_NAMES.senderOutcomeReasons,
  requestDuration: STAGE_METRIC_NAMES.senderRequestDuration,
  inFlight: STAGE_METRIC_NAMES.senderInFlight,
  bulkLimit: STAGE_METRIC_NAMES.senderBulkLimit,
  deferred: STAGE_METRIC_NAMES.senderDeferred,
  gateClosures: STAGE_METRIC_NAMES.senderGateClosures,
  connectionEvents: STAGE_METRIC_NAMES.senderConnectionEvents,
} as const;

/** Seconds: 1 ms .. 30 s, one request from the call to the complete answer (pool queueing included). */
const REQUEST_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30];

export interface SenderMetrics {
  readonly shared: HeraldMetrics;
  /** Classified answers with the provider's reason (UNREGISTERED, BadDeviceToken, timeout, ...). */
  readonly outcomeReasons: Counter<'provider' | 'outcome' | 'reason'>;
  readonly requestDuration: Histogram<'provider' | 'outcome'>;
  /** Requests sent or queued for a stream and not yet answered. */
  readonly inFlight: Gauge<'provider'>;
  /** The bulk lane's current in-flight bound (it follows answer latency). */
  readonly bulkLimit: Gauge<'provider'>;
  /** Deliveries put back on the retry topic without an attempt (not yet due, or provider paused). */
  readonly deferred: Counter<'provider' | 'cause'>;
  /** 429 + Retry-After answers that paused an endpoint. */
  readonly gateClosures: Counter<'provider'>;
  /** connected, connect_failed, goaway, closed. */
  readonly connectionEvents: Counter<'provider' | 'event'>;
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

/** Idempotent per registry, like createMetrics. */
export function createSenderMetrics(registry: Registry): SenderMetrics {
  const n = SENDER_METRIC_NAMES;
  return {
    shared: createMetrics(registry),
    outcomeReasons:
      existing(registry, n.outcomeReasons) ??
      new Counter({
        name: n.outcomeReasons,
        help: 'Provider answers by provider, classified outcome and provider reason.',
        labelNames: ['provider', 'outcome', 'reason'],
        registers: [registry],
      }),
    requestDuration:
      existing(registry, n.requestDuration) ??
      new Histogram({
        name: n.requestDuration,
        help: 'Seconds per provider request, queueing for a stream included.',
        labelNames: ['provider', 'outcome'],
        buckets: REQUEST_BUCKETS_SECONDS,
        registers: [registry],
      }),
    inFlight:
      existing(registry, n.inFlight) ??
      new Gauge({ name: n.inFlight, help: 'Provider requests in flight or queued.', labelNames: ['provider'], registers: [registry] }),
    bulkLimit:
      existing(registry, n.bulkLimit) ??
      new Gauge({ name: n.bulkLimit, help: 'Bulk-lane sends allowed in flight now (adapts to answer latency).', labelNames: ['provider'], registers: [registry] }),
    deferred:
      existing(registry, n.deferred) ??
      new Counter({
        name: n.deferred,
        help: 'Deliveries deferred to the retry topic without an attempt.',
        labelNames: ['provider', 'cause'],
        registers: [registry],
      }),
    gateClosures:
      existing(registry, n.gateClosures) ??
      new Counter({
        name: n.gateClosures,
        help: 'Endpoint pauses after 429 with Retry-After.',
        labelNames: ['provider'],
        registers: [registry],
      }),
    connectionEvents:
      existing(registry, n.connectionEvents) ??
      new Counter({
        name: n.connectionEvents,
        help: 'HTTP/2 connection events per provider.',
        labelNames: ['provider', 'event'],
        registers: [registry],
      }),
  };
}
