// How many bulk sends to keep in flight, found from the answers' latency (as in Netflix's
// concurrency-limits): requests beyond what the provider works on at once only wait in its
// queue (and in ours), and a transactional push sent meanwhile waits behind them. So the limit grows
// while latency stays near the best seen and shrinks once latency says requests are queueing (the
// latency-gradient idea of Netflix's Gradient2, with a fixed tolerance).
//
// Pure: the state and a sample in, the next state out. The clock is an input.

export interface AdaptiveLimitSettings {
  /** Never fewer in flight than this. */
  readonly min: number;
  /** Never more in flight than this (SENDER_BULK_IN_FLIGHT). */
  readonly max: number;
  /** A window ends once it is this old and holds `minSamples` answers, ms. */
  readonly windowMs: number;
  readonly minSamples: number;
  /** The no-load latency is forgotten this often (re-learnt from the next windows), ms. */
  readonly baselineResetMs: number;
}

export interface AdaptiveLimitState {
  readonly limit: number;
  /** Best window latency seen since the last reset, ms; null before the first window. */
  readonly baselineMs: number | null;
  readonly baselineSinceMs: number;
  readonly windowStartMs: number;
  readonly windowSumMs: number;
  readonly windowSamples: number;
  /** Most requests in flight during the window (a window that never used the limit says nothing about it). */
  readonly windowPeakInFlight: number;
}

export const DEFAULT_ADAPTIVE_SETTINGS = { windowMs: 100, minSamples: 10, baselineResetMs: 30_000 } as const;

export function initialAdaptiveState(settings: AdaptiveLimitSettings, nowMs: number): AdaptiveLimitState {
  return {
    limit: Math.max(settings.min, Math.min(settings.max, settings.min * 4)),
    baselineMs: null,
    baselineSinceMs: nowMs,
    windowStartMs: nowMs,
    windowSumMs: 0,
    windowSamples: 0,
    windowPeakInFlight: 0,
  };
}

/**
 * Latency / baseline below which a fully used limit grows, and above which it shrinks. Between the
 * two, requests queue a little at the provider and in our own event loop: enough to keep the
 * provider busy, too little for an urgent request to wait long behind them.
 */
const GROW_BELOW = 1.5;
const SHRINK_ABOVE = 2.5;

/**
 * One answered request: `latencyMs` from the send call to the answer, `inFlight` requests outstanding
 * when it was sent. At the end of a window the limit moves: window latency under 1.5× the baseline
 * (the best window since the last reset) → ×1.25; over 2.5× → ×0.9; in between it stays. Every
 * `baselineResetMs` the limit halves once and the baseline is re-learnt.
 */
export function sampleAdaptiveLimit(
  state: AdaptiveLimitState,
  settings: AdaptiveLimitSettings,
  sample: { readonly latencyMs: number; readonly inFlight: number },
  nowMs: number,
): AdaptiveLimitState {
  const next = {
    ...state,
    windowSumMs: state.windowSumMs + Math.max(0, sample.latencyMs),
    windowSamples: state.windowSamples + 1,
    windowPeakInFlight: Math.max(state.windowPeakInFlight, sample.inFlight),
  };
  if (nowMs - state.windowStartMs < settings.windowMs || next.windowSamples < settings.minSamples) return next;

  const latencyMs = Math.max(0.1, next.windowSumMs / next.windowSamples);
  const stale = nowMs - state.baselineSinceMs >= settings.baselineResetMs;
  const baselineMs = state.baselineMs === null || stale ? latencyMs : Math.min(state.baselineMs, latencyMs);
  const ratio = latencyMs / baselineMs;
  let limit = state.limit;
  // A stale baseline was measured under the queue it should detect: halve the limit so the queue
  // drains and the next windows see latency near no-load again (BBR's ProbeRTT, Gradient2's reset).
  if (stale) limit = Math.floor(state.limit / 2);
  // Growing is only earned by a window that used most of the limit; shrinking is always right.
  else if (ratio < GROW_BELOW && next.windowPeakInFlight >= state.limit * 0.8) limit = Math.ceil(state.limit * 1.25);
  else if (ratio > SHRINK_ABOVE) limit = Math.floor(state.limit * 0.9);
  return {
    limit: Math.max(settings.min, Math.min(settings.max, limit)),
    baselineMs,
    baselineSinceMs: stale || state.baselineMs === null ? nowMs : state.baselineSinceMs,
    windowStartMs: nowMs,
    windowSumMs: 0,
    windowSamples: 0,
    windowPeakInFlight: 0,
  };
}
