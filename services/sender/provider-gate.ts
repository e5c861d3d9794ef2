/**
 * Stops new requests to a provider endpoint (an origin: https://fcm.googleapis.com, a push service)
 * after it answered 429 with Retry-After, until that delay elapses. In-process only: every sender
 * instance learns it from its own 429s. The clock is injected.
 */
export interface ProviderGate {
  /** Closes `key` until `untilMs` (epoch ms); a later close extends, an earlier one never shortens. */
  closeUntil(key: string, untilMs: number): void;
  /** Epoch ms at which `key` opens again, or null when it is open now. */
  closedUntil(key: string): number | null;
}

export function createProviderGate(clock: () => number): ProviderGate {
  const until = new Map<string, number>();
  return {
    closeUntil(key, untilMs) {
      const current = until.get(key);
      if (current === undefined || untilMs > current) until.set(key, untilMs);
    },
    closedUntil(key) {
      const at = until.get(key);
      if (at === undefined) return null;
      if (at <= clock()) {
        until.delete(key);
        return null;
      }
      return at;
    },
  };
}
