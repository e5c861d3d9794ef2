import { PROVIDERS, type Provider } from './provider';

/** One request as the fake saw it, with the answer it gave. */
export interface ReceivedPush {
  provider: Provider;
  token: string;
  /** Epoch ms when the request was complete. */
  atMs: number;
  status: number;
  /** Provider error code (FCM errorCode or status, APNs reason, Web Push errno text); absent on success. */
  reason?: string;
  /** FCM message name, APNs apns-id, Web Push message id (Location). */
  messageId?: string;
  /** Request headers, lower-case names; authorization shortened. */
  headers: Record<string, string>;
  /** FCM: the `message` object; APNs: the parsed JSON payload; Web Push: the decrypted text. */
  payload: unknown;
}

export interface ProviderCounters {
  requests: number;
  accepted: number;
  rejected: number;
  byStatus: Record<string, number>;
  byReason: Record<string, number>;
}

export type Counters = Record<Provider, ProviderCounters>;

export interface InspectionLimits {
  /** Keep full requests per token (headers, payload); counters are always kept. */
  capture: boolean;
  /** Most captured requests kept in total across tokens; the oldest token's oldest go first. */
  maxEntries: number;
  /** Most captured requests kept per token; older ones are dropped. */
  maxPerToken: number;
}

export const DEFAULT_INSPECTION_LIMITS: InspectionLimits = { capture: true, maxEntries: 100_000, maxPerToken: 1_000 };

export function emptyCounters(): Counters {
  const counters = {} as Counters;
  for (const p of PROVIDERS) counters[p] = { requests: 0, accepted: 0, rejected: 0, byStatus: {}, byReason: {} };
  return counters;
}

/** Bounded record of what arrived: counters always, full requests only while capture is on. */
export class InspectionStore {
  private counters = emptyCounters();
  private readonly captured = new Map<string, ReceivedPush[]>();
  private entries = 0;

  constructor(private limits: InspectionLimits = DEFAULT_INSPECTION_LIMITS) {}

  get capture(): boolean {
    return this.limits.capture;
  }

  setCapture(capture: boolean): void {
    this.limits = { ...this.limits, capture };
  }

  /** Counts an answer; `capture` builds the full record only when capture is on (it costs). */
  record(provider: Provider, status: number, reason: string | undefined, capture: () => ReceivedPush): void {
    const c = this.counters[provider];
    c.requests += 1;
    if (status >= 200 && status < 300) c.accepted += 1;
    else c.rejected += 1;
    const statusKey = String(status);
    c.byStatus[statusKey] = (c.byStatus[statusKey] ?? 0) + 1;
    if (reason !== undefined) c.byReason[reason] = (c.byReason[reason] ?? 0) + 1;
    if (this.limits.capture) this.keep(capture());
  }

  received(provider: Provider, token: string): ReceivedPush[] {
    return [...(this.captured.get(key(provider, token)) ?? [])];
  }

  snapshot(): Counters {
    return structuredClone(this.counters);
  }

  reset(provider?: Provider): void {
    if (!provider) {
      this.counters = emptyCounters();
      this.captured.clear();
      this.entries = 0;
      return;
    }
    this.counters[provider] = emptyCounters()[provider];
    for (const [k, list] of this.captured) {
      if (k.startsWith(`${provider}\u0000`)) {
        this.entries -= list.length;
        this.captured.delete(k);
      }
    }
  }

  private keep(push: ReceivedPush): void {
    const k = key(push.provider, push.token);
    let list = this.captured.get(k);
    if (!list) {
      list = [];
      this.captured.set(k, list);
    }
    list.push(push);
    this.entries += 1;
    if (list.length > this.limits.maxPerToken) {
      list.shift();
      this.entries -= 1;
    }
    while (this.entries > this.limits.maxEntries) this.evictOldest();
  }

  private evictOldest(): void {
    const first = this.captured.entries().next();
    if (first.done) {
      this.entries = 0;
      return;
    }
    const [k, list] = first.value;
    list.shift();
    this.entries -= 1;
    if (list.length === 0) this.captured.delete(k);
  }
}

function key(provider: Provider, token: string): string {
  return `${provider}\u0000${token}`;
}

/** Header snapshot for inspection: single values joined, authorization cut to its scheme and a prefix. */
export function headersForInspection(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'authorization' ? shortenCredential(joined) : joined;
  }
  return out;
}

function shortenCredential(value: string): string {
  return value.length <= 24 ? value : `${value.slice(0, 24)}…`;
}
