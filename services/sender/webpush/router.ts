import type { Delivery } from '../../shared/contracts/messages';
import type { RequestLane } from '../http2/h2-pool';
import type { ProviderClient } from '../provider-client';
import type { ProviderGate } from '../provider-gate';
import { requestClassified, transportOutcome, withRemedies } from '../provider-request';
import { outcome, type SendOutcome } from '../send-outcome';
import { TransportError } from '../http2/transport-error';
import type { WebPushTransport } from './client';
import { createAes128gcmEncryptor, decodeSubscriberKeys } from './encryption';
import { classifyWebPushResponse } from './errors';
import { pushServiceOrigin, topicOf, ttlSecondsLeft, urgencyOf, webPushHeaders } from './request';
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
 * Web Push behind ProviderClient: the payload encrypted (aes128gcm, a fresh key per message), the
 * headers web-push would send, and the VAPID Authorization from the per-origin cache instead of being
 * signed per request. A subscription whose endpoint or keys cannot be used is reported dead: no push
 * service could ever accept a message for it.
 */
export function createWebPushRouter(deps: WebPushRouterDeps): ProviderClient {
  const encryptAes128gcm = createAes128gcmEncryptor();
  const attempt = (delivery: Delivery, lane: RequestLane) => (): Promise<SendOutcome> => {
    const origin = pushServiceOrigin(delivery.token);
    if (origin === null) return Promise.resolve(INVALID_ENDPOINT);
    if (delivery.webpush_keys === null) return Promise.resolve(INVALID_KEYS);
    const gatedUntilMs = deps.gate.closedUntil(origin);
    if (gatedUntilMs !== null) {
      return Promise.resolve(transportOutcome(new TransportError('gated', 'push service paused', { gatedUntilMs })));
    }
    let body: Buffer | null = null;
    if (delivery.payload.length > 0) {
      const keys = decodeSubscriberKeys(delivery.webpush_keys.p256dh, delivery.webpush_keys.auth);
      if (keys === null) return Promise.resolve(INVALID_KEYS);
      try {
        body = encryptAes128gcm(Buffer.from(delivery.payload, 'utf8'), keys);
      } catch {
        // Its p256dh is not a point on P-256.
        return Promise.resolve(INVALID_KEYS);
      }
    }
    const headers = webPushHeaders({
      ttlSeconds: ttlSecondsLeft(delivery, deps.clock()),
      urgency: urgencyOf(delivery.priority),
      topic: topicOf(delivery.collapse_key),
      authorization: deps.vapid.authorization(origin),
      bodyBytes: body?.length ?? 0,
    });
    return requestClassified(() => deps.transport.post(delivery.token, headers, body, lane), classifyWebPushResponse, deps.clock);
  };

  return {
    provider: 'WEBPUSH',
    endpointOf: (delivery) => pushServiceOrigin(delivery.token) ?? NO_ORIGIN,
    send: (delivery, lane) => withRemedies(attempt(delivery, lane), { refreshAuth: () => undefined, reconnect: () => undefined }),
    inFlight: () => deps.transport.inFlight(),
    close: (graceMs) => deps.transport.close(graceMs),
  };
}
