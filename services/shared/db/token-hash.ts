import { createHash } from 'node:crypto';

/**
 * SHA-256 of a device token (UTF-8): the unique key of devices (app, provider, token_hash), so
 * lookups, indexes and logs never need the token itself.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
