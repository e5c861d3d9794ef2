import type { ControlExecutor } from './control-commands';
import type { Counters, ReceivedPush } from './inspection-store';
import type { LatencySpec } from './latency';
import type { Provider, TokenState } from './provider';

export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** Scripting and inspection of the fakes, the same in-process and over the control API. */
export interface FakeControl {
  /** Dead token: FCM 404 UNREGISTERED, APNs 410 Unregistered (+timestamp), Web Push 410 Gone. */
  markDead(provider: Provider, token: string): Promise<void>;
  /** Any scripted token state (see TOKEN_STATES); null clears it. */
  setTokenState(provider: Provider, token: string, state: TokenState | null): Promise<void>;
  /** 429 for `durationMs` (one token or all), with Retry-After = seconds left (FCM, Web Push). */
  throttle(provider: Provider, options: { durationMs: number; token?: string }): Promise<void>;
  /** Token-bucket quota: `limit` requests per `windowMs`; scope = FCM project id, '*' = all. */
  setQuota(provider: Provider, options: { limit: number; windowMs: number; scope?: string }): Promise<void>;
  clearQuota(provider: Provider, scope?: string): Promise<void>;
  /** Answer a fraction of requests with 500/503 (503 carries Retry-After on FCM and Web Push). */
  setErrorRate(provider: Provider, options: { rate: number; status?: 500 | 503; retryAfterSeconds?: number }): Promise<void>;
  setLatency(provider: Provider, latency: LatencySpec | null): Promise<void>;
  /** Full request capture on or off; counters are always kept. */
  setCapture(enabled: boolean): Promise<void>;
  /** Clears scripts, counters and captures (of one provider or all); subscriptions stay. */
  reset(provider?: Provider): Promise<void>;
  /** What arrived for one token (FCM token/topic/condition, APNs device token, Web Push subscription id). */
  received(provider: Provider, token: string): Promise<ReceivedPush[]>;
  counters(): Promise<Counters>;
  /** A browser-like subscription (own key pair and auth secret) whose pushes the fake decrypts. */
  createWebPushSubscription(options?: { applicationServerKey?: string }): Promise<PushSubscriptionJson>;
  /** Sends GOAWAY with `{"reason": reason}` on every open connection of the provider, then closes them. */
  goaway(provider: Provider, reason?: string): Promise<void>;
}

export function createControlFacade(execute: ControlExecutor): FakeControl {
  return {
    markDead: async (provider, token) => void (await execute({ kind: 'markDead', provider, token })),
    setTokenState: async (provider, token, state) => void (await execute({ kind: 'setTokenState', provider, token, state })),
    throttle: async (provider, options) => void (await execute({ kind: 'throttle', provider, ...options })),
    setQuota: async (provider, options) => void (await execute({ kind: 'setQuota', provider, ...options })),
    clearQuota: async (provider, scope) => void (await execute({ kind: 'clearQuota', provider, ...(scope === undefined ? {} : { scope }) })),
    setErrorRate: async (provider, options) => void (await execute({ kind: 'setErrorRate', provider, ...options })),
    setLatency: async (provider, latency) => void (await execute({ kind: 'setLatency', provider, latency })),
    setCapture: async (enabled) => void (await execute({ kind: 'setCapture', enabled })),
    reset: async (provider) => void (await execute({ kind: 'reset', ...(provider === undefined ? {} : { provider }) })),
    received: async (provider, token) => (await execute({ kind: 'received', provider, token })).received,
    counters: async () => (await execute({ kind: 'counters' })).counters,
    createWebPushSubscription: async (options = {}) => (await execute({ kind: 'createWebPushSubscription', ...options })).subscription,
    goaway: async (provider, reason) => void (await execute({ kind: 'goaway', provider, ...(reason === undefined ? {} : { reason }) })),
  };
}
