import { readFileSync } from 'node:fs';
import type { SecureContext } from 'node:tls';
import type { Provider } from '../shared/contracts/messages';
import type { Logger } from '../shared/logger';
import { createApnsRouter } from './apns/router';
import type { SenderConfig } from './config';
import { createFcmAccessTokens } from './fcm/access-token';
import { accessTokenFetcher } from './fcm/credentials';
import { createFcmRouter } from './fcm/router';
import type { PoolEvent } from './http2/h2-pool';
import type { ProviderClient } from './provider-client';
import type { ProviderGate } from './provider-gate';
import type { SenderMetrics } from './sender-metrics';
import type { TransportSettings } from './transport-settings';
import { createWebPushTransport } from './webpush/client';
import { createWebPushRouter } from './webpush/router';
import { createVapidCache } from './webpush/vapid-cache';

export interface ProviderFactoryDeps {
  readonly config: SenderConfig;
  readonly secureContext: SecureContext | null;
  readonly gate: ProviderGate;
  readonly clock: () => number;
  readonly metrics: SenderMetrics;
  readonly logger: Logger;
}

/** The ProviderClient for one provider, from config (reads the APNs key file). */
export function createProviderClient(provider: Provider, deps: ProviderFactoryDeps): ProviderClient {
  const { config, gate, clock } = deps;
  const label = provider.toLowerCase();
  const transport: TransportSettings = { ...config.transport, secureContext: deps.secureContext };
  const onPoolEvent = (event: PoolEvent): void => {
    deps.metrics.connectionEvents.inc({ provider: label, event: event.kind });
    if (event.kind === 'connected' || (event.kind === 'closed' && event.error === null)) {
      deps.logger.info({ origin: event.origin }, `connection ${event.kind}`);
    } else {
      deps.logger.warn({ ...event }, `connection ${event.kind}`);
    }
  };
  switch (provider) {
    case 'FCM': {
      const fcm = required(config.fcm, provider);
      return createFcmRouter({
        settings: fcm,
        transport,
        tokens: createFcmAccessTokens({ fetcher: accessTokenFetcher(fcm.credentials), clock }),
        gate,
        clock,
        onPoolEvent,
      });
    }
    case 'APNS': {
      const apns = required(config.apns, provider);
      return createApnsRouter({
        settings: { ...apns, keyPem: readFileSync(apns.keyFile, 'utf8') },
        transport,
        gate,
        clock,
        onPoolEvent,
      });
    }
    case 'WEBPUSH': {
      const webpush = required(config.webpush, provider);
      return createWebPushRouter({
        transport: createWebPushTransport({
          maxSessions: webpush.maxSessions,
          http1MaxSocketsPerOrigin: webpush.http1MaxSocketsPerOrigin,
          requestTimeoutMs: config.transport.requestTimeoutMs,
          connectTimeoutMs: config.transport.connectTimeoutMs,
          pingIntervalMs: config.transport.pingIntervalMs,
          maxStreamsPerConnection: config.transport.maxStreamsPerConnection,
          secureContext: deps.secureContext,
          gate: (origin) => gate.closedUntil(origin),
          onPoolEvent,
        }),
        vapid: createVapidCache({ keys: webpush.vapid, clock }),
        gate,
        clock,
      });
    }
  }
}

function required<T>(settings: T | null, provider: Provider): T {
  if (settings === null) throw new Error(`no settings for ${provider}`);
  return settings;
}
