export { startFakeGateways, DEFAULT_TLS_DIR, type FakeGateways, type FakeGatewaysOptions, type ApnsKeyConfig } from './gateways';
export { ensureDevCredentials, DEFAULT_DEV_CREDENTIALS_DIR, type DevCredentials } from './dev-credentials';
export { createControlClient, type ControlClientOptions } from './control-client';
export type { FakeControl, PushSubscriptionJson } from './shared/control-facade';
export type { Counters, ProviderCounters, ReceivedPush } from './shared/inspection-store';
export type { LatencySpec } from './shared/latency';
export { PROVIDERS, TOKEN_STATES, type Provider, type TokenState } from './shared/provider';
export { ensureTlsMaterial, type TlsMaterial } from './shared/tls-ca';
