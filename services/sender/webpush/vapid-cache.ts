import { getVapidHeaders } from 'web-push';

// VAPID (RFC 8292) `Authorization: vapid t=<jwt>, k=<key>` per push-service origin (the JWT `aud`),
// signed by web-push and reused until it nears its expiry: push services see a handful of origins
// (FCM, Mozilla, Apple, Edge), so signing happens a few times per lifetime instead of per request.

export interface VapidKeys {
  /** base64url uncompressed P-256 public key (the applicationServerKey). */
  readonly publicKey: string;
  /** base64url 32-byte private scalar. */
  readonly privateKey: string;
  /** `mailto:` or `https:` contact for the push service operators. */
  readonly subject: string;
}

export interface VapidCacheOptions {
  readonly keys: VapidKeys;
  readonly clock: () => number;
  /** JWT lifetime, seconds (RFC 8292 allows at most 24 h; web-push defaults to 12 h). */
  readonly lifetimeSeconds?: number;
  /** Re-sign when less than this is left, seconds (default 1 h). */
  readonly renewBeforeSeconds?: number;
}

export interface VapidCache {
  /** The Authorization header value for pushes to `origin` (scheme://host[:port]). */
  authorization(origin: string): string;
}

export function createVapidCache(options: VapidCacheOptions): VapidCache {
  const lifetimeSeconds = options.lifetimeSeconds ?? 12 * 3600;
  const renewBeforeSeconds = options.renewBeforeSeconds ?? 3600;
  const byOrigin = new Map<string, { value: string; expiresAtSeconds: number }>();
  const { publicKey, privateKey, subject } = options.keys;
  return {
    authorization(origin) {
      const nowSeconds = Math.floor(options.clock() / 1000);
      const cached = byOrigin.get(origin);
      if (cached && cached.expiresAtSeconds - nowSeconds > renewBeforeSeconds) return cached.value;
      const expiresAtSeconds = nowSeconds + lifetimeSeconds;
      const headers = getVapidHeaders(origin, subject, publicKey, privateKey, 'aes128gcm', expiresAtSeconds);
      const value = headers.Authorization;
      byOrigin.set(origin, { value, expiresAtSeconds });
      return value;
    },
  };
}
