// Pure redaction used by the logger: secrets are replaced, device tokens are masked so a log line
// still tells two devices apart without ever carrying a usable token.

export const REDACTED = '[REDACTED]';

/**
 * Runs of token alphabet this long are treated as device tokens / keys: APNs tokens are 64 hex chars,
 * FCM and Web Push tokens 140+, p256dh keys 87. UUIDs (36) stay readable, and so do kebab-case
 * identifiers such as consumer group ids unless they reach the APNs length.
 */
const TOKEN_LIKE_MIN_CHARS = 40;
const HYPHENATED_TOKEN_MIN_CHARS = 64;
const TOKEN_LIKE = new RegExp(`[A-Za-z0-9_\\-:]{${TOKEN_LIKE_MIN_CHARS},}`, 'g');
const MAX_DEPTH = 8;

/** Keys whose values are secrets: never printed, not even partly (compared lower-case, without `_`/`-`). */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'privatekey',
  'p256dh',
  'auth',
  'apikey',
  'cookie',
  'setcookie',
  'credentials',
  'vapidprivatekey',
]);

/** `abcdef…wxyz (len=152)`: enough to correlate log lines, useless as a credential. */
export function maskToken(token: string): string {
  if (token.length < 16) return `… (len=${token.length})`;
  return `${token.slice(0, 6)}…${token.slice(-4)} (len=${token.length})`;
}

/** Masks every token-looking run inside free text (messages, URLs with a token in the path, stacks). */
export function maskTokensInText(text: string): string {
  return text.replace(TOKEN_LIKE, (match) =>
    match.includes('-') && match.length < HYPHENATED_TOKEN_MIN_CHARS ? match : maskToken(match),
  );
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

export function isSecretKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return (
    SECRET_KEYS.has(normalized) ||
    normalized.endsWith('secret') ||
    normalized.endsWith('password') ||
    normalized.endsWith('apikey')
  );
}

export function isTokenKey(key: string): boolean {
  return /tokens?$/.test(normalizeKey(key));
}

function maskAllStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskToken(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskAllStrings(item, depth + 1));
  return REDACTED;
}

function errorToObject(error: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) plain[key] = value;
  if (error.cause !== undefined) plain.cause = error.cause instanceof Error ? errorToObject(error.cause) : error.cause;
  return plain;
}

/**
 * A deep copy of `value` safe to log: secret keys become [REDACTED], token keys and token-looking
 * strings are masked, Errors become plain objects (message and stack masked too). Cycle- and depth-safe.
 */
export function redactForLog(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return maskTokensInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Depth limit]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactForLog(errorToObject(value), depth + 1, seen);
    if (Array.isArray(value)) return value.map((item) => redactForLog(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (isSecretKey(key)) out[key] = item === undefined || item === null ? item : REDACTED;
      else if (isTokenKey(key)) out[key] = maskAllStrings(item, depth + 1);
      else out[key] = redactForLog(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
