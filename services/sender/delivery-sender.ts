import type { Delivery, Receipt } from '../shared/contracts/messages';
import { dbSymbol } from '../shared/contracts/messages';
import type { Logger } from '../shared/logger';
import { decideAfterSend, decideBeforeSend, rescheduled } from './delivery-decision';
import type { RequestLane } from './http2/h2-pool';
import type { ProviderClient } from './provider-client';
import type { ProviderGate } from './provider-gate';
import { receiptFor } from './receipt-factory';
import type { RetryPolicy } from './retry-policy';
import { SEND_OUTCOMES, type SendOutcome } from './send-outcome';
import type { SenderMetrics } from './sender-metrics';

/** What one delivery turned into; the handler publishes it before the offset is committed. */
export interface DeliveryResult {
  readonly receipt: Receipt | null;
  /** The delivery again, for the retry topic (next attempt, or the same one deferred). */
  readonly retry: Delivery | null;
  /** Retries exhausted: dead-letter the original with this message. */
  readonly deadLetter: string | null;
}

export interface DeliverySenderDeps {
  readonly client: ProviderClient;
  readonly gate: ProviderGate;
  readonly policy: RetryPolicy;
  readonly clock: () => number;
  readonly random: () => number;
  readonly metrics: SenderMetrics;
  readonly logger: Logger;
}

export interface DeliverySender {
  send(delivery: Delivery, lane: RequestLane): Promise<DeliveryResult>;
}

/** One delivery end to end: TTL and gate check, the request, classification, and what follows. */
export function createDeliverySender(deps: DeliverySenderDeps): DeliverySender {
  const { client, gate, metrics } = deps;
  const provider = dbSymbol(client.provider);
  const outcomeLabels = { provider, status: '' };
  const byProvider = { provider };

  const deferral = (delivery: Delivery, untilMs: number, cause: string): DeliveryResult => {
    metrics.deferred.inc({ provider, cause });
    // Spread what a gate held back over a base delay, so it does not return as one burst.
    const spreadMs = cause === 'provider_gate' ? Math.floor(deps.random() * deps.policy.baseDelayMs) : 0;
    return { receipt: null, retry: rescheduled(delivery, untilMs + spreadMs, false), deadLetter: null };
  };

  return {
    async send(delivery, lane) {
      const nowMs = deps.clock();
      const endpoint = client.endpointOf(delivery);
      const before = decideBeforeSend(delivery, nowMs, gate.closedUntil(endpoint));
      if (before.kind === 'expired') {
        outcomeLabels.status = 'expired';
        metrics.shared.deliveryOutcomes.inc(outcomeLabels);
        const receipt = receiptFor(delivery, { status: 'EXPIRED', reason: 'ttl_expired', httpStatus: null, providerMessageId: null, occurredAtMs: nowMs });
        return { receipt, retry: null, deadLetter: null };
      }
      if (before.kind === 'defer') return deferral(delivery, before.untilMs, before.cause);

      metrics.inFlight.inc(byProvider);
      let result: SendOutcome;
      try {
        result = await client.send(delivery, lane);
      } finally {
        metrics.inFlight.dec(byProvider);
      }
      const answeredAtMs = deps.clock();
      const after = decideAfterSend(delivery, result, deps.policy, answeredAtMs, deps.random);
      if (after.kind === 'defer') return deferral(delivery, after.notBeforeMs, 'provider_gate');

      const label = SEND_OUTCOMES[result.code].metricLabel;
      metrics.requestDuration.observe({ provider, outcome: label }, (answeredAtMs - nowMs) / 1000);
      metrics.outcomeReasons.inc({ provider, outcome: label, reason: result.reason ?? 'none' });
      if (result.throttlesProvider && result.retryAfterMs !== null) {
        gate.closeUntil(endpoint, answeredAtMs + result.retryAfterMs);
        metrics.gateClosures.inc(byProvider);
        deps.logger.warn({ provider, endpoint, retryAfterMs: result.retryAfterMs }, 'provider asked for a pause; holding new requests');
      }
      if (result.code === 'ACCEPTED') {
        metrics.shared.endToEndLatency.observe(byProvider, Math.max(0, answeredAtMs - delivery.created_at) / 1000);
      }
      const facts = { httpStatus: result.httpStatus, providerMessageId: result.providerMessageId, occurredAtMs: answeredAtMs };
      if (after.kind === 'retry') {
        outcomeLabels.status = 'retry_scheduled';
        metrics.shared.deliveryOutcomes.inc(outcomeLabels);
        metrics.shared.retries.inc({ stage: `sender-${provider}`, reason: result.reason ?? label });
        return {
          receipt: receiptFor(delivery, { ...facts, status: 'RETRY_SCHEDULED', reason: after.reason }),
          retry: rescheduled(delivery, after.notBeforeMs, true),
          deadLetter: null,
        };
      }
      outcomeLabels.status = after.status.toLowerCase();
      metrics.shared.deliveryOutcomes.inc(outcomeLabels);
      const receipt = receiptFor(delivery, { ...facts, status: after.status, reason: after.reason });
      const deadLetter = after.deadLetter
        ? `gave up after ${delivery.attempt} attempts; last answer: ${after.reason ?? 'none'} (HTTP ${result.httpStatus ?? '-'})`
        : null;
      return { receipt, retry: null, deadLetter };
    },
  };
}
