// OAuth2 access tokens for FCM HTTP v1, cached: the hot path reads a ready `Bearer …` string, a refresh
// starts in the background once the token is within `refreshMarginMs` of expiry (firebase-admin uses
// 5 minutes), and concurrent callers share one refresh. Only with no usable token does a caller wait.

/** What firebase-admin credentials (cert(), applicationDefault()) provide; also a static token for fakes. */
export interface AccessTokenFetcher {
  getAccessToken(): Promise<{ readonly access_token: string; readonly expires_in: number }>;
}

export interface FcmAccessTokens {
  /** `Bearer <token>`: a string when cached, a promise while the first (or an expired) token loads. */
  authorization(): string | Promise<string>;
  /** FCM said UNAUTHENTICATED: drop the cached token so the next call fetches a new one. */
  invalidate(): void;
}

export interface AccessTokenOptions {
  readonly fetcher: AccessTokenFetcher;
  readonly clock: () => number;
  /** Refresh when less than this much lifetime is left, ms (default 5 min). */
  readonly refreshMarginMs?: number;
}

export function createFcmAccessTokens(options: AccessTokenOptions): FcmAccessTokens {
  const marginMs = options.refreshMarginMs ?? 5 * 60_000;
  let cached: { value: string; expiresAtMs: number } | null = null;
  let refreshing: Promise<string> | null = null;

  const refresh = (): Promise<string> => {
    refreshing ??= options.fetcher
      .getAccessToken()
      .then((token) => {
        const value = `Bearer ${token.access_token}`;
        cached = { value, expiresAtMs: options.clock() + token.expires_in * 1000 };
        return value;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  return {
    authorization() {
      const nowMs = options.clock();
      if (cached !== null && nowMs < cached.expiresAtMs) {
        if (cached.expiresAtMs - nowMs < marginMs && refreshing === null) {
          // Keep serving the current token; a failed early refresh is retried by the next call.
          refresh().catch(() => undefined);
        }
        return cached.value;
      }
      return refresh();
    },
    invalidate() {
      cached = null;
    },
  };
}

/** A fixed token that never expires (local fakes, or a token minted elsewhere). */
export function staticAccessToken(token: string): AccessTokenFetcher {
  const forever = { access_token: token, expires_in: 10 * 365 * 24 * 3600 };
  return { getAccessToken: () => Promise.resolve(forever) };
}
