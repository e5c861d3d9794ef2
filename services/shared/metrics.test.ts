import { Registry, register as globalRegistry } from 'prom-client';
import { METRIC_NAMES, createMetrics } from './metrics';

describe('createMetrics', () => {
  it('registers every named metric on the given registry only', async () => {
    const registry = new Registry();
    createMetrics(registry);
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
    expect(names).toEqual(Object.values(METRIC_NAMES).sort());
    expect(globalRegistry.getSingleMetric(METRIC_NAMES.messagesConsumed)).toBeUndefined();
  });

  it('is idempotent per registry and separate across registries', async () => {
    const registry = new Registry();
    const first = createMetrics(registry);
    const second = createMetrics(registry);
    expect(second.deadLetters).toBe(first.deadLetters);
    first.deadLetters.inc({ stage: 'sender', reason: 'decode_failed' });
    second.deadLetters.inc({ stage: 'sender', reason: 'decode_failed' });
    const other = createMetrics(new Registry());
    expect(other.deadLetters).not.toBe(first.deadLetters);
    expect(await registry.getSingleMetricAsString(METRIC_NAMES.deadLetters)).toContain(
      'herald_dead_letters_total{stage="sender",reason="decode_failed"} 2',
    );
  });

  it('exposes Prometheus metric names that follow the naming conventions', () => {
    for (const name of Object.values(METRIC_NAMES)) {
      expect(name).toMatch(/^herald_[a-z_]+$/);
    }
    expect(METRIC_NAMES.messagesConsumed).toMatch(/_total$/);
    expect(METRIC_NAMES.endToEndLatency).toMatch(/_seconds$/);
  });
});
