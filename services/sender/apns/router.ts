import type { ApnsEnvironment, Delivery } from '../../shared/contracts/messages';
import { createH2Pool, type H2Pool, type PoolEvent, type RequestLane } from '../http2/h2-pool';
import type { ProviderClient } from '../provider-client';
import type { ProviderGate } from '../provider-gate';
import { requestClassified, withRemedies } from '../provider-request';
import { poolOptions, type TransportSettings } from '../transport-settings';
import { createApnsClient, type ApnsClient } from './client';
import { classifyApnsResponse } from './errors';
import { createApnsJwtSource } from './provider-jwt';
import { apnsHeaders, isApnsToken } from './request';
import { outcome, type SendOutcome } from '../send-outcome';
import type { ApnsSettings } from './settings';

export interface ApnsRouterDeps {
  readonly settings: ApnsSettings;
  readonly transport: TransportSettings;
  readonly gate: ProviderGate;
  readonly clock: () => number;
  readonly onPoolEvent?: (event: PoolEvent) => void;
}

const MALFORMED_TOKEN = outcome('TOKEN_DEAD', 'BadDeviceToken');

interface Environment {
  readonly origin: string;
  readonly pool: H2Pool;
  readonly client: ApnsClient;
}

/**
 * APNs behind ProviderClient: a pool per environment (production, sandbox) chosen by the delivery's
 * apns_environment, one provider JWT shared by every connection, classified answers.
 */
export function createApnsRouter(deps: ApnsRouterDeps): ProviderClient {
  const { settings } = deps;
  const jwt = createApnsJwtSource({ ...settings, reuseMs: settings.jwtReuseMs, clock: deps.clock });
  const environment = (name: ApnsEnvironment): Environment => {
    const origin = new URL(settings.baseUrls[name]).origin;
    const pool = createH2Pool({
      ...poolOptions(origin, deps.transport),
      clock: deps.clock,
      gate: () => deps.gate.closedUntil(origin),
      ...(deps.onPoolEvent ? { onEvent: deps.onPoolEvent } : {}),
    });
    return { origin, pool, client: createApnsClient(pool) };
  };
  const environments: Record<ApnsEnvironment, Environment> = {
    PRODUCTION: environment('PRODUCTION'),
    SANDBOX: environment('SANDBOX'),
  };
  const envOf = (delivery: Delivery): Environment => environments[delivery.apns_environment ?? settings.defaultEnvironment];

  const attempt = (delivery: Delivery, target: Environment, lane: RequestLane) => (): Promise<SendOutcome> => {
    // A token that is not hex would only earn BadDeviceToken (or a reset stream): no request for it.
    if (!isApnsToken(delivery.token)) return Promise.resolve(MALFORMED_TOKEN);
    const headers = apnsHeaders(delivery, settings.topic, jwt.authorization());
    return requestClassified(() => target.client.send(headers, delivery.payload, lane), classifyApnsResponse, deps.clock);
  };

  return {
    provider: 'APNS',
    endpointOf: (delivery) => envOf(delivery).origin,
    send(delivery, lane) {
      const target = envOf(delivery);
      return withRemedies(attempt(delivery, target, lane), { refreshAuth: () => jwt.invalidate(), reconnect: () => target.pool.recycle() });
    },
    inFlight: () => environments.PRODUCTION.pool.inFlight() + environments.SANDBOX.pool.inFlight(),
    async close(graceMs) {
      await Promise.all([environments.PRODUCTION.pool.close(graceMs), environments.SANDBOX.pool.close(graceMs)]);
    },
  };
}
