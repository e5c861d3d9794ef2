import type { Delivery, ReceiptStatus } from '../shared/contracts/messages';
import { SEND_OUTCOMES, type SendOutcome } from './send-outcome';
import { nextRetry, type RetryPolicy } from './retry-policy';

// Pure decisions around one send: whether to send now, and what an answer turns into (a final
// receipt, a retry through the retry topic, or a deferral that is not an attempt). Clock and random
// source are inputs.

export type BeforeSend =
  | { readonly kind: 'send' }
  /** TTL passed: EXPIRED receipt, no request. */
  | { readonly kind: 'expired' }
  /** Not yet: not_before is in the future, or the endpoint's gate is closed. Not an attempt. */
  | { readonly kind: 'defer'; readonly untilMs: number; readonly cause: 'not_before' | 'provider_gate' };

export function decideBeforeSend(delivery: Delivery, nowMs: number, gateClosedUntilMs: number | null): BeforeSend {
  if (delivery.expires_at <= nowMs) return { kind: 'expired' };
  if (delivery.not_before !== null && delivery.not_before > nowMs) {
    return { kind: 'defer', untilMs: delivery.not_before, cause: 'not_before' };
  }
  if (gateClosedUntilMs !== null) return { kind: 'defer', untilMs: gateClosedUntilMs, cause: 'provider_gate' };
  return { kind: 'send' };
}

export interface FinalAction {
  readonly kind: 'final';
  readonly status: ReceiptStatus;
  readonly reason: string | null;
  /** Also dead-letter the delivery (retries exhausted): its bytes can be replayed later. */
  readonly deadLetter: boolean;
}

export type AfterSend =
  | FinalAction
  /** RETRY_SCHEDULED receipt for this attempt, and the delivery again with attempt + 1 and not_before. */
  | { readonly kind: 'retry'; readonly notBeforeMs: number; readonly reason: string | null }
  /** Never sent (gate closed while queued): same attempt again at `notBeforeMs`, no receipt. */
  | { readonly kind: 'defer'; readonly notBeforeMs: number };

export function decideAfterSend(
  delivery: Delivery,
  result: SendOutcome,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number,
): AfterSend {
  if (result.gatedUntilMs !== null) return { kind: 'defer', notBeforeMs: result.gatedUntilMs };
  if (!SEND_OUTCOMES[result.code].retriable) {
    return { kind: 'final', status: SEND_OUTCOMES[result.code].receiptStatus, reason: result.reason, deadLetter: false };
  }
  const retry = nextRetry(policy, delivery.attempt, result.retryAfterMs, random);
  if (retry.kind === 'give_up') {
    return { kind: 'final', status: 'FAILED', reason: result.reason, deadLetter: true };
  }
  const notBeforeMs = nowMs + retry.delayMs;
  // The next attempt could only start after the TTL: expire now instead of carrying it around.
  if (notBeforeMs >= delivery.expires_at) return { kind: 'final', status: 'EXPIRED', reason: result.reason, deadLetter: false };
  return { kind: 'retry', notBeforeMs, reason: result.reason };
}

/** The delivery as it goes back to the retry topic: next attempt number (unless deferred) and its not_before. */
export function rescheduled(delivery: Delivery, notBeforeMs: number, nextAttempt: boolean): Delivery {
  return { ...delivery, attempt: nextAttempt ? delivery.attempt + 1 : delivery.attempt, not_before: notBeforeMs };
}
