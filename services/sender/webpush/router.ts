import { generateRequestDetails } from 'web-push';
import type { Delivery } from '../../shared/contracts/messages';
import type { RequestLane } from '../http2/h2-pool';
import type { ProviderClient } from '../provider-client';
import type { ProviderGate } from '../provider-gate';
import { requestClassified, transportOutcome, withRemedies } from '../provider-request';
import { outcome, type SendOutcome } from '../send-outcome';
import { TransportError } from '../http2/transport-error';
import type { WebPushTransport } from './client';
import { classifyWebPushResponse } from './errors';
import { pushServiceOrigin, topicOf, ttlSecondsLeft, urgencyOf } from './request';
import type { VapidCache } from './vapid-cache';

export interface WebPushRouterDeps {
  readonly transport: WebPushTransport;
  readonly vapid: VapidCache;
  readonly gate: ProviderGate;
  readonly clock: () => number;
}

const INVALID_ENDPOINT = outcome('TOKEN_DEAD', 'invalid_endpoint');
const INVALID_KEYS = outcome('TOKEN_DEAD', 'invalid_subscription_keys');
/** Endpoints that are not https URLs share one gate key; they never reach a push service anyway. */
const NO_ORIGIN = 'invalid:';

/**
 * Web Push behind ProviderClient. web-push builds the request (aes128gcm encryption, headers); the
 * VAPID Authorization comes from the per-origin cache instead of being signed per request. A
 * subscription whose endpoint or keys cannot be used is reported dead: no push service could ever
 * accept a message for it.
 */
export function createWebPushRouter(deps: WebPushRouterDeps): ProviderClient {
  const attempt = (delivery: Delivery, lane: RequestLane) => (): Promise<SendOutcome> => {
    const origin = pushServiceOrigin(delivery.token);
    if (origin === null) return Promise.resolve(INVALID_ENDPOINT);
    if (delivery.webpush_keys === null) return Promise.resolve(INVALID_KEYS);
    const gatedUntilMs = deps.gate.closedUntil(origin);
    if (gatedUntilMs !== null) {
      return Promise.resolve(transportOutcome(new TransportError('gated', 'push service paused', { gatedUntilMs })));
    }
    const topic = topicOf(delivery.collapse_key);
    let details: ReturnType<typeof generateRequestDetails>;
    try {
      details = generateRequestDetails(
        { endpoint: delivery.token, keys: { p256dh: delivery.webpush_keys.p256dh, auth: delivery.webpush_keys.auth } },
        delivery.payload,
        {
          TTL: ttlSecondsLeft(delivery, deps.clock()),
          urgency: urgencyOf(delivery.priority),
          ...(topic === null ? {} : { topic }),
          headers: { Authorization: deps.vapid.authorization(origin) },
        },
      );
    } catch {
      // The payload and options are ours and valid; what web-push refuses here is the subscription's keys.
      return Promise.resolve(INVALID_KEYS);
    }
    return requestClassified(() => deps.transport.post(delivery.token, details.headers, details.body, lane), classifyWebPushResponse, deps.clock);
  };

  return {
    provider: 'WEBPUSH',
    endpointOf: (delivery) => pushServiceOrigin(delivery.token) ?? NO_ORIGIN,
    send: (delivery, lane) => withRemedies(attempt(delivery, lane), { refreshAuth: () => undefined, reconnect: () => undefined }),
    inFlight: () => deps.transport.inFlight(),
    close: (graceMs) => deps.transport.close(graceMs),
  };
}
