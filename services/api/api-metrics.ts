import { Counter, Histogram, type Registry } from 'prom-client';
import { createMetrics, STAGE_METRIC_NAMES, type HeraldMetrics } from '../shared/metrics';

// The API's HTTP metrics, on the same registry as the shared pipeline metrics (messages produced).

export const API_METRIC_NAMES = {
  httpRequests: STAGE_METRIC_NAMES.httpRequests,
  httpDuration: STAGE_METRIC_NAMES.httpRequestDuration,
} as const;

/** Seconds: 1 ms .. 5 s. */
const HTTP_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface ApiMetrics {
  readonly registry: Registry;
  readonly shared: HeraldMetrics;
  /** Requests answered, by route template, method and status code. */
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  /** Seconds from request received to response sent. */
  readonly httpDuration: Histogram<'route' | 'method'>;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  const existing = registry.getSingleMetric(API_METRIC_NAMES.httpRequests);
  const httpRequests =
    (existing as Counter<'route' | 'method' | 'status'> | undefined) ??
    new Counter({ name: API_METRIC_NAMES.httpRequests, help: 'HTTP requests answered.', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const httpDuration =
    (registry.getSingleMetric(API_METRIC_NAMES.httpDuration) as Histogram<'route' | 'method'> | undefined) ??
    new Histogram({
      name: API_METRIC_NAMES.httpDuration,
      help: 'Seconds to answer an HTTP request.',
      labelNames: ['route', 'method'],
      buckets: HTTP_BUCKETS_SECONDS,
      registers: [registry],
    });
  return { registry, shared: createMetrics(registry), httpRequests, httpDuration };
}
