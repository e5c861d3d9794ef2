import { createHash, randomBytes } from 'node:crypto';

// API keys look like `hk_<12 hex id>_<43 chars base64url secret>`. Only the SHA-256 of the whole key is
// stored: a 256-bit random secret needs no slow hash, and the lookup stays one indexed equality. The
// id part is printable in lists and logs so a key can be named without showing the secret.

const KEY_PATTERN = /^hk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** Public id (shown in lists, accepted by `herald keys revoke`). */
  readonly id: string;
  /** The full secret key: shown once at creation, never stored. */
  readonly key: string;
  /** Hex SHA-256 of `key`: what the database keeps. */
  readonly keyHash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(random: (bytes: number) => Buffer = randomBytes): NewApiKey {
  const id = random(6).toString('hex');
  const key = `hk_${id}_${random(32).toString('base64url')}`;
  return { id, key, keyHash: hashApiKey(key) };
}

/** The id part of a well-formed key, or null when the text is not shaped like a Herald API key. */
export function apiKeyId(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith('hk_');
}
