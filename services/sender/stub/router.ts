import type { Delivery } from '../../shared/contracts/messages';
import type { ProviderClient } from '../provider-client';
import type { ProviderGate } from '../provider-gate';
import { requestClassified, transportOutcome, withRemedies } from '../provider-request';
import { TransportError } from '../http2/transport-error';
import type { StubGateway } from './client';
import { classifyStubResponse } from './errors';
import type { StubSettings } from './settings';

export interface StubRouterDeps {
  readonly settings: StubSettings;
  readonly gateway: StubGateway;
  readonly gate: ProviderGate;
  readonly clock: () => number;
  /** Authorization the stub sends (tests flip the gateway's accepted one to simulate bad credentials). */
  readonly authorization?: string;
}

/** The stub provider: same ProviderClient contract as FCM/APNs/Web Push, over an in-memory gateway. */
export function createStubRouter(deps: StubRouterDeps): ProviderClient {
  const { settings, gateway, gate } = deps;
  let inFlight = 0;
  let closing = false;
  const attempt = (delivery: Delivery) => () => {
    if (closing) return Promise.resolve(transportOutcome(new TransportError('pool_closed', 'closing')));
    const gatedUntilMs = gate.closedUntil(settings.origin);
    if (gatedUntilMs !== null) return Promise.resolve(transportOutcome(new TransportError('gated', 'paused', { gatedUntilMs })));
    const request = { token: delivery.token, payload: delivery.payload, authorization: deps.authorization ?? 'stub' };
    return requestClassified(() => gateway.post(request), classifyStubResponse, deps.clock);
  };
  return {
    provider: settings.provider,
    endpointOf: () => settings.origin,
    async send(delivery) {
      inFlight += 1;
      try {
        return await withRemedies(attempt(delivery), { refreshAuth: () => undefined, reconnect: () => undefined });
      } finally {
        inFlight -= 1;
      }
    },
    inFlight: () => inFlight,
    close() {
      closing = true;
      return Promise.resolve();
    },
  };
}
