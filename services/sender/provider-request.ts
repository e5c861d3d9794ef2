import type { ProviderResponse } from './http2/h2-response';
import { isTransportError } from './http2/transport-error';
import { outcome, type SendOutcome } from './send-outcome';

// What every router does around its provider-specific part: send, classify, turn failures below HTTP
// into outcomes, and apply a remedy (fresh auth token) with exactly one more try.

export type Classifier = (response: ProviderResponse, nowMs: number) => SendOutcome;

/** A failure below HTTP as an outcome: retriable, no status; `gated` carries the gate's reopening time. */
export function transportOutcome(error: unknown): SendOutcome {
  if (isTransportError(error)) {
    if (error.failure === 'gated') return outcome('RETRY_LATER', 'provider_throttled', { gatedUntilMs: error.gatedUntilMs });
    if (error.failure === 'invalid_request') return outcome('MESSAGE_REJECTED', 'invalid_request');
    return outcome('RETRY_LATER', error.failure);
  }
  return outcome('RETRY_LATER', 'client_error');
}

/** Sends and classifies; never rejects. Plain promise chaining: no extra async frames on the hot path. */
export function requestClassified(
  request: () => Promise<ProviderResponse>,
  classify: Classifier,
  clock: () => number,
): Promise<SendOutcome> {
  return request().then((response) => classify(response, clock()), transportOutcome);
}

export interface RemedyHooks {
  /** Drop the cached auth token so the next request carries a fresh one. */
  refreshAuth(): void;
  /** Replace the connections the answer came over (they are going away). */
  reconnect(): void;
}

/** Runs `attempt`; after `refresh_auth` it refreshes and tries once more (that answer stands). */
export function withRemedies(attempt: () => Promise<SendOutcome>, hooks: RemedyHooks): Promise<SendOutcome> {
  return attempt().then((first) => {
    if (first.remedy === null) return first;
    if (first.remedy === 'reconnect') {
      hooks.reconnect();
      return first;
    }
    hooks.refreshAuth();
    return attempt().then((second) => {
      if (second.remedy === 'reconnect') hooks.reconnect();
      return second;
    });
  });
}
