import { decideScripted, emptyBehaviour, type ErrorRateRule, type ProviderBehaviour, type ScriptedOutcome, type TokenStateEntry } from './behaviour-decide';
import { sampleLatencyMs, type LatencySpec } from './latency';
import { newQuotaBucket } from './quota-bucket';
import { PROVIDERS, type Provider, type TokenState } from './provider';

/** The scripted behaviour of all three fakes in this process: mutable state around pure decisions. */
export class BehaviourBook {
  private readonly byProvider = new Map<Provider, ProviderBehaviour>(PROVIDERS.map((p) => [p, emptyBehaviour()]));

  constructor(
    private readonly clock: () => number,
    private readonly random: () => number,
  ) {}

  private of(provider: Provider): ProviderBehaviour {
    let behaviour = this.byProvider.get(provider);
    if (!behaviour) {
      behaviour = emptyBehaviour();
      this.byProvider.set(provider, behaviour);
    }
    return behaviour;
  }

  setTokenState(provider: Provider, token: string, state: TokenState | null): void {
    const states = this.of(provider).tokenStates;
    if (state === null) states.delete(token);
    else states.set(token, { state, sinceMs: this.clock() });
  }

  tokenState(provider: Provider, token: string): TokenStateEntry | undefined {
    return this.of(provider).tokenStates.get(token);
  }

  throttle(provider: Provider, durationMs: number, token?: string): void {
    const nowMs = this.clock();
    const behaviour = this.of(provider);
    behaviour.throttles = behaviour.throttles.filter((rule) => rule.untilMs > nowMs);
    behaviour.throttles.push({ ...(token === undefined ? {} : { token }), untilMs: nowMs + durationMs });
  }

  setQuota(provider: Provider, scope: string, quota: { limit: number; windowMs: number } | null): void {
    const quotas = this.of(provider).quotas;
    if (quota === null) quotas.delete(scope);
    else quotas.set(scope, newQuotaBucket(quota.limit, quota.windowMs, this.clock()));
  }

  setErrorRate(provider: Provider, rule: ErrorRateRule | null): void {
    this.of(provider).errorRate = rule;
  }

  setLatency(provider: Provider, latency: LatencySpec | null): void {
    this.of(provider).latency = latency;
  }

  reset(provider?: Provider): void {
    for (const p of provider ? [provider] : PROVIDERS) this.byProvider.set(p, emptyBehaviour());
  }

  decide(provider: Provider, token: string, scope: string): ScriptedOutcome {
    const behaviour = this.of(provider);
    const { outcome, buckets } = decideScripted(behaviour, { token, scope, nowMs: this.clock(), random: this.random });
    for (const [key, bucket] of buckets) behaviour.quotas.set(key, bucket);
    return outcome;
  }

  /** Delay in ms to add before answering; 0 without a latency script. */
  latencyMs(provider: Provider): number {
    const latency = this.of(provider).latency;
    return latency ? sampleLatencyMs(latency, this.random) : 0;
  }
}
