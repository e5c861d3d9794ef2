import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { generateVAPIDKeys } from 'web-push';
import type { Delivery } from '../../shared/contracts/messages';
import { startFakeGateways, type FakeGateways } from '../../fakes';
import { createApnsRouter } from '../apns/router';
import { createFcmAccessTokens, staticAccessToken } from '../fcm/access-token';
import { createFcmRouter } from '../fcm/router';
import type { ProviderClient } from '../provider-client';
import { createProviderGate, type ProviderGate } from '../provider-gate';
import { createStubGateway } from '../stub/client';
import { createStubRouter } from '../stub/router';
import { DEFAULT_STUB_SETTINGS } from '../stub/settings';
import { secureContextTrusting, type TransportSettings } from '../transport-settings';
import { createWebPushTransport } from '../webpush/client';
import { createWebPushRouter } from '../webpush/router';
import { createVapidCache } from '../webpush/vapid-cache';
import { aDelivery } from './deliveries';

/** What the shared contract suite needs from a provider and the gateway behind it. */
export interface ContractHarness {
  readonly name: string;
  readonly client: ProviderClient;
  /** Shared by `client`: the suite's delivery sender uses the same one. */
  readonly gate: ProviderGate;
  /** A client whose credentials the provider rejects. */
  readonly badCredentialsClient: ProviderClient;
  /** Whether the provider's 429 carries Retry-After (APNs documents none). */
  readonly retryAfterOn429: boolean;
  /** Whether the gateway hands back the plaintext it decrypted (Web Push). */
  readonly decrypts: boolean;
  newDelivery(overrides?: Partial<Delivery>): Promise<Delivery>;
  /** A payload the provider refuses as too large. */
  oversizePayload(): string;
  markDead(delivery: Delivery): Promise<void>;
  /** Every request answered with 503 (Retry-After 0 where the provider sends it) until cleared. */
  failAll(): Promise<void>;
  clearFailures(): Promise<void>;
  /** 429 to every request for `durationMs`. */
  throttle(durationMs: number): Promise<void>;
  received(delivery: Delivery): Promise<ReadonlyArray<{ atMs: number; status: number | null; messageId?: string; payload?: unknown }>>;
  requestCount(): Promise<number>;
  close(): Promise<void>;
}

const TRANSPORT = (fakes: FakeGateways | null): TransportSettings => ({
  connectionsPerOrigin: 2,
  maxStreamsPerConnection: 1000,
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  pingIntervalMs: 30_000,
  secureContext: fakes === null ? null : secureContextTrusting(fakes.caCertPem),
});

export async function startFakes(): Promise<FakeGateways> {
  return startFakeGateways();
}

function fakeControls(fakes: FakeGateways, provider: 'fcm' | 'apns' | 'webpush') {
  return {
    markDead: (delivery: Delivery) => fakes.markDead(provider, delivery.token),
    failAll: () => fakes.setErrorRate(provider, { rate: 1, status: 503, retryAfterSeconds: 0 }),
    clearFailures: () => fakes.setErrorRate(provider, { rate: 0 }),
    throttle: (durationMs: number) => fakes.throttle(provider, { durationMs }),
    received: async (delivery: Delivery) => fakes.received(provider, delivery.token),
    requestCount: async () => (await fakes.counters())[provider].requests,
  };
}

export function fcmHarness(fakes: FakeGateways): ContractHarness {
  const credentials = fakes.credentials!;
  const gate = createProviderGate(Date.now);
  const router = (token: string) =>
    createFcmRouter({
      settings: {
        baseUrl: fakes.fcmUrl,
        projectId: credentials.fcm.projectId,
        credentials: { kind: 'static_token', token },
        ttlRewriteAfterMs: 5_000,
      },
      transport: TRANSPORT(fakes),
      tokens: createFcmAccessTokens({ fetcher: staticAccessToken(token), clock: Date.now }),
      gate,
      clock: Date.now,
    });
  const client = router(credentials.fcm.accessToken);
  const badCredentialsClient = router('ya29.not-a-token-the-fake-knows');
  return {
    name: 'fcm',
    client,
    gate,
    badCredentialsClient,
    retryAfterOn429: true,
    decrypts: false,
    newDelivery: (overrides = {}) =>
      Promise.resolve(
        aDelivery({ provider: 'FCM', token: `fcm-${randomUUID()}`, payload: '{"notification":{"title":"Hi","body":"There"},"data":{"k":"v"}}', ...overrides }),
      ),
    oversizePayload: () => JSON.stringify({ data: { blob: 'x'.repeat(5_000) } }),
    ...fakeControls(fakes, 'fcm'),
    close: () => Promise.all([client.close(1_000), badCredentialsClient.close(1_000)]).then(() => undefined),
  };
}

export function apnsHarness(fakes: FakeGateways): ContractHarness {
  const credentials = fakes.credentials!;
  const gate = createProviderGate(Date.now);
  const router = (keyPem: string, keyId: string) =>
    createApnsRouter({
      settings: {
        baseUrls: { PRODUCTION: fakes.apnsUrl, SANDBOX: fakes.apnsUrl },
        defaultEnvironment: 'PRODUCTION',
        keyPem,
        keyId,
        teamId: credentials.apns.teamId,
        topic: credentials.apns.topic,
        jwtReuseMs: 50 * 60_000,
      },
      transport: TRANSPORT(fakes),
      gate,
      clock: Date.now,
    });
  const client = router(credentials.apns.privateKeyPem, credentials.apns.keyId);
  const unknownKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const badCredentialsClient = router(unknownKey, 'UNKNOWN123');
  return {
    name: 'apns',
    client,
    gate,
    badCredentialsClient,
    retryAfterOn429: false,
    decrypts: false,
    newDelivery: (overrides = {}) =>
      Promise.resolve(
        aDelivery({
          provider: 'APNS',
          token: randomBytes(32).toString('hex'),
          apns_environment: 'PRODUCTION',
          push_type: 'ALERT',
          payload: '{"aps":{"alert":{"title":"Hi","body":"There"}},"k":"v"}',
          ...overrides,
        }),
      ),
    oversizePayload: () => JSON.stringify({ aps: { alert: { title: 'Hi', body: 'x'.repeat(5_000) } } }),
    ...fakeControls(fakes, 'apns'),
    close: () => Promise.all([client.close(1_000), badCredentialsClient.close(1_000)]).then(() => undefined),
  };
}

export function webPushHarness(fakes: FakeGateways): ContractHarness {
  const credentials = fakes.credentials!;
  const gate = createProviderGate(Date.now);
  const transport = TRANSPORT(fakes);
  const router = (keys: { publicKey: string; privateKey: string }) =>
    createWebPushRouter({
      transport: createWebPushTransport({
        maxSessions: 8,
        http1MaxSocketsPerOrigin: 16,
        requestTimeoutMs: transport.requestTimeoutMs,
        secureContext: transport.secureContext,
      }),
      vapid: createVapidCache({ keys: { ...keys, subject: credentials.vapid.subject }, clock: Date.now }),
      gate,
      clock: Date.now,
    });
  const client = router(credentials.vapid);
  const badCredentialsClient = router(generateVAPIDKeys());
  return {
    name: 'webpush',
    client,
    gate,
    badCredentialsClient,
    retryAfterOn429: true,
    decrypts: true,
    async newDelivery(overrides = {}) {
      // Restricted to our VAPID key, as browsers subscribe with an applicationServerKey.
      const subscription = await fakes.createWebPushSubscription({ applicationServerKey: credentials.vapid.publicKey });
      return aDelivery({
        provider: 'WEBPUSH',
        token: subscription.endpoint,
        webpush_keys: subscription.keys,
        payload: '{"title":"Hi","body":"There","data":{"k":"v"}}',
        ...overrides,
      });
    },
    oversizePayload: () => JSON.stringify({ title: 'Hi', body: 'x'.repeat(4_000) }),
    ...fakeControls(fakes, 'webpush'),
    close: () => Promise.all([client.close(1_000), badCredentialsClient.close(1_000)]).then(() => undefined),
  };
}

export function stubHarness(): ContractHarness {
  const gate = createProviderGate(Date.now);
  const gateway = createStubGateway({ clock: Date.now, maxPayloadBytes: DEFAULT_STUB_SETTINGS.maxPayloadBytes });
  gateway.acceptAuthorization('good');
  const client = createStubRouter({ settings: DEFAULT_STUB_SETTINGS, gateway, gate, clock: Date.now, authorization: 'good' });
  const badCredentialsClient = createStubRouter({ settings: DEFAULT_STUB_SETTINGS, gateway, gate, clock: Date.now, authorization: 'bad' });
  let failing = false;
  return {
    name: 'stub',
    client: {
      ...client,
      send: (delivery, lane) => {
        if (failing) gateway.failNext(1, 503, 0);
        return client.send(delivery, lane);
      },
    },
    gate,
    badCredentialsClient,
    retryAfterOn429: true,
    decrypts: false,
    newDelivery: (overrides = {}) => Promise.resolve(aDelivery({ token: `stub-${randomUUID()}`, ...overrides })),
    oversizePayload: () => 'x'.repeat(DEFAULT_STUB_SETTINGS.maxPayloadBytes + 1),
    markDead: (delivery) => Promise.resolve(gateway.markDead(delivery.token)),
    failAll: () => Promise.resolve(void (failing = true)),
    clearFailures: () => Promise.resolve(void (failing = false)),
    throttle: (durationMs) => Promise.resolve(gateway.throttle(durationMs)),
    received: (delivery) => Promise.resolve(gateway.received(delivery.token)),
    requestCount: () => Promise.resolve(gateway.requests()),
    close: () => client.close(0),
  };
}
