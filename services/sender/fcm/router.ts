import type { Delivery } from '../../shared/contracts/messages';
import { createH2Pool, type PoolEvent, type RequestLane } from '../http2/h2-pool';
import type { ProviderClient } from '../provider-client';
import type { ProviderGate } from '../provider-gate';
import { requestClassified, withRemedies } from '../provider-request';
import { outcome, type SendOutcome } from '../send-outcome';
import { poolOptions, type TransportSettings } from '../transport-settings';
import type { FcmAccessTokens } from './access-token';
import { createFcmClient } from './client';
import { classifyFcmResponse } from './errors';
import { fcmRequestBody } from './message';
import type { FcmSettings } from './settings';

export interface FcmRouterDeps {
  readonly settings: FcmSettings;
  readonly transport: TransportSettings;
  readonly tokens: FcmAccessTokens;
  readonly gate: ProviderGate;
  readonly clock: () => number;
  readonly onPoolEvent?: (event: PoolEvent) => void;
}

const NOT_AN_OBJECT = outcome('MESSAGE_REJECTED', 'invalid_payload');
const NO_ACCESS_TOKEN = outcome('RETRY_LATER', 'access_token_unavailable');

/** FCM HTTP v1 behind ProviderClient: one pool to the API origin, cached OAuth token, classified answers. */
export function createFcmRouter(deps: FcmRouterDeps): ProviderClient {
  const origin = new URL(deps.settings.baseUrl).origin;
  const pool = createH2Pool({
    ...poolOptions(origin, deps.transport),
    clock: deps.clock,
    gate: () => deps.gate.closedUntil(origin),
    ...(deps.onPoolEvent ? { onEvent: deps.onPoolEvent } : {}),
  });
  const client = createFcmClient(pool, deps.settings.projectId);

  const attempt = (delivery: Delivery, lane: RequestLane) => (): Promise<SendOutcome> => {
    const body = fcmRequestBody(delivery, deps.clock(), deps.settings.ttlRewriteAfterMs);
    if (body === null) return Promise.resolve(NOT_AN_OBJECT);
    const send = (authorization: string): Promise<SendOutcome> =>
      requestClassified(() => client.send(body, authorization, lane), classifyFcmResponse, deps.clock);
    let cached: string | Promise<string>;
    try {
      cached = deps.tokens.authorization();
    } catch {
      return Promise.resolve(NO_ACCESS_TOKEN);
    }
    // The cached token is a plain string: no await on the hot path.
    return typeof cached === 'string' ? send(cached) : cached.then(send, () => NO_ACCESS_TOKEN);
  };

  return {
    provider: 'FCM',
    endpointOf: () => origin,
    send: (delivery, lane) =>
      withRemedies(attempt(delivery, lane), { refreshAuth: () => deps.tokens.invalidate(), reconnect: () => pool.recycle() }),
    inFlight: () => pool.inFlight(),
    close: (graceMs) => pool.close(graceMs),
  };
}
