/**
 * Parses an HTTP Retry-After value (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.
 * Returns the delay in milliseconds from `nowMs` (never negative), or null when absent or unparseable.
 * A date in the past means "now" (0).
 */
export function parseRetryAfterMs(value: string | readonly string[] | undefined, nowMs: number): number | null {
  const raw: string | undefined = typeof value === 'string' ? value : value?.[0];
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text.length === 0) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the HTTP-date forms: something with a weekday or month name, never a bare number.
  if (!/[a-z]/i.test(text)) return null;
  const atMs = Date.parse(text);
  if (Number.isNaN(atMs)) return null;
  return Math.max(0, atMs - nowMs);
}
