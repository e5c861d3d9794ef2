import { createFcmAccessTokens, staticAccessToken, type AccessTokenFetcher } from './access-token';

function scriptedFetcher(lifetimeSeconds = 3600) {
  let issued = 0;
  const resolvers: Array<() => void> = [];
  const fetcher: AccessTokenFetcher = {
    getAccessToken: () =>
      new Promise((resolve) => {
        issued += 1;
        const token = { access_token: `t${issued}`, expires_in: lifetimeSeconds };
        resolvers.push(() => resolve(token));
      }),
  };
  return { fetcher, issued: () => issued, release: () => resolvers.splice(0).forEach((r) => r()) };
}

describe('FCM access tokens', () => {
  it('fetches once for concurrent first callers, then serves the cached string synchronously', async () => {
    const script = scriptedFetcher();
    const tokens = createFcmAccessTokens({ fetcher: script.fetcher, clock: () => 0 });
    const a = tokens.authorization();
    const b = tokens.authorization();
    expect(script.issued()).toBe(1);
    script.release();
    await expect(a).resolves.toBe('Bearer t1');
    await expect(b).resolves.toBe('Bearer t1');
    expect(tokens.authorization()).toBe('Bearer t1');
    expect(script.issued()).toBe(1);
  });

  it('refreshes in the background within the margin and keeps serving the old token meanwhile', async () => {
    let now = 0;
    const script = scriptedFetcher(3600);
    const tokens = createFcmAccessTokens({ fetcher: script.fetcher, clock: () => now, refreshMarginMs: 300_000 });
    const first = tokens.authorization();
    script.release();
    await first;
    now = 3_600_000 - 299_999;
    expect(tokens.authorization()).toBe('Bearer t1');
    expect(script.issued()).toBe(2);
    expect(tokens.authorization()).toBe('Bearer t1');
    expect(script.issued()).toBe(2);
    script.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(tokens.authorization()).toBe('Bearer t2');
  });

  it('waits for a new token once the cached one has expired or was invalidated', async () => {
    let now = 0;
    const script = scriptedFetcher(60);
    const tokens = createFcmAccessTokens({ fetcher: script.fetcher, clock: () => now });
    const first = tokens.authorization();
    script.release();
    await first;
    tokens.invalidate();
    const second = tokens.authorization();
    expect(second).toBeInstanceOf(Promise);
    script.release();
    await expect(second).resolves.toBe('Bearer t2');
    now = 61_000;
    const third = tokens.authorization();
    expect(third).toBeInstanceOf(Promise);
    script.release();
    await expect(third).resolves.toBe('Bearer t3');
  });

  it('serves a static token forever', async () => {
    const tokens = createFcmAccessTokens({ fetcher: staticAccessToken('dev'), clock: () => 0 });
    await expect(tokens.authorization()).resolves.toBe('Bearer dev');
    expect(tokens.authorization()).toBe('Bearer dev');
  });
});
