import type { BehaviourBook } from './shared/behaviour-book';
import type { ControlCommand, ControlExecutor, ControlReply } from './shared/control-commands';
import { controlCommandSchema } from './shared/control-commands';
import type { InspectionStore } from './shared/inspection-store';
import { DEAD_STATE, type Provider, type TokenState } from './shared/provider';
import { newStoredSubscription, subscriptionIdOf, subscriptionJson, type SubscriptionRegistry } from './webpush/webpush-subscriptions';

export interface LocalControlDeps {
  behaviour: BehaviourBook;
  store: InspectionStore;
  subscriptions: SubscriptionRegistry;
  /** Base URL of the Web Push fake as clients reach it (for subscription endpoints). */
  webpushBaseUrl: () => string;
  /** Sends GOAWAY with the reason as debug data on the provider's open connections. */
  goaway: (provider: Provider, reason: string) => void;
}

/** Runs control commands against this process's state. */
export function createLocalExecutor(deps: LocalControlDeps): ControlExecutor {
  const run = (command: ControlCommand): ControlReply => {
    const ok = { ok: true } as const;
    switch (command.kind) {
      case 'markDead':
        deps.behaviour.setTokenState(command.provider, tokenKey(command.provider, command.token), DEAD_STATE[command.provider]);
        return ok;
      case 'setTokenState':
        deps.behaviour.setTokenState(command.provider, tokenKey(command.provider, command.token), command.state as TokenState | null);
        return ok;
      case 'throttle':
        deps.behaviour.throttle(command.provider, command.durationMs, command.token === undefined ? undefined : tokenKey(command.provider, command.token));
        return ok;
      case 'setQuota':
        deps.behaviour.setQuota(command.provider, command.scope, { limit: command.limit, windowMs: command.windowMs });
        return ok;
      case 'clearQuota':
        deps.behaviour.setQuota(command.provider, command.scope, null);
        return ok;
      case 'setErrorRate':
        deps.behaviour.setErrorRate(command.provider, command.rate > 0 ? { rate: command.rate, status: command.status, retryAfterSeconds: command.retryAfterSeconds } : null);
        return ok;
      case 'setLatency':
        deps.behaviour.setLatency(command.provider, command.latency);
        return ok;
      case 'setCapture':
        deps.store.setCapture(command.enabled);
        return ok;
      case 'reset':
        deps.behaviour.reset(command.provider);
        deps.store.reset(command.provider);
        return ok;
      case 'received':
        return { received: deps.store.received(command.provider, tokenKey(command.provider, command.token)) };
      case 'counters':
        return { counters: deps.store.snapshot() };
      case 'createWebPushSubscription': {
        const stored = newStoredSubscription(command.applicationServerKey);
        deps.subscriptions.add(stored);
        return { subscription: subscriptionJson(stored, deps.webpushBaseUrl()) };
      }
      case 'addWebPushSubscription':
        deps.subscriptions.add(command.subscription);
        return ok;
      case 'goaway':
        deps.goaway(command.provider, command.reason);
        return ok;
    }
  };
  return ((input: unknown) => {
    try {
      return Promise.resolve(run(parseControlCommand(input)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }) as ControlExecutor;
}

/** Validates a command (throws a ZodError with the offending field on bad input). */
export function parseControlCommand(input: unknown): ControlCommand {
  return controlCommandSchema.parse(input);
}

/** Web Push tokens may be given as the endpoint URL or the bare subscription id. */
function tokenKey(provider: Provider, token: string): string {
  return provider === 'webpush' ? subscriptionIdOf(token) : token;
}
