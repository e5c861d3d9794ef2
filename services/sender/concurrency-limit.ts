import { initialAdaptiveState, sampleAdaptiveLimit, type AdaptiveLimitSettings } from './adaptive-limit';
import { Fifo } from './http2/fifo';

/** At most `limit` tasks run at once; the rest wait in order. Bounds in-flight sends per lane. */
export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>): Promise<T>;
  active(): number;
  /** Tasks allowed at once right now. */
  limit(): number;
}

/** The core: a gate whose bound is read on every admission, so it may move while tasks run. */
function createGate(currentLimit: () => number, onDone: (startedAtMs: number, inFlightAtStart: number) => void, clock: () => number): ConcurrencyLimit {
  let running = 0;
  const waiting = new Fifo<() => void>();
  const admit = (): void => {
    while (running < currentLimit()) {
      const next = waiting.shift();
      if (!next) return;
      running += 1;
      next();
    }
  };
  return {
    async run(task) {
      if (running < currentLimit() && waiting.size === 0) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      const inFlight = running;
      const startedAtMs = clock();
      try {
        return await task();
      } finally {
        running -= 1;
        onDone(startedAtMs, inFlight);
        admit();
      }
    },
    active: () => running,
    limit: currentLimit,
  };
}

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  return createGate(() => limit, () => undefined, Date.now);
}

/**
 * A limit that moves between `settings.min` and `settings.max` with the tasks' latency (see
 * adaptive-limit.ts): used for the bulk lane, whose sends otherwise fill the provider's queue.
 */
export function createAdaptiveConcurrencyLimit(
  settings: AdaptiveLimitSettings,
  clock: () => number,
  onLimit: (limit: number) => void = () => undefined,
): ConcurrencyLimit {
  let state = initialAdaptiveState(settings, clock());
  onLimit(state.limit);
  return createGate(
    () => state.limit,
    (startedAtMs, inFlight) => {
      const nowMs = clock();
      const before = state.limit;
      state = sampleAdaptiveLimit(state, settings, { latencyMs: nowMs - startedAtMs, inFlight }, nowMs);
      if (state.limit !== before) onLimit(state.limit);
    },
    clock,
  );
}
