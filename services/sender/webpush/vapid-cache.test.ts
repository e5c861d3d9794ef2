import { generateVAPIDKeys } from 'web-push';
import { createVapidCache } from './vapid-cache';

const keys = { ...generateVAPIDKeys(), subject: 'mailto:ops@herald.invalid' };

function claimsOf(authorization: string): { aud: string; exp: number; sub: string } {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(authorization);
  expect(match?.[2]).toBe(keys.publicKey);
  return JSON.parse(Buffer.from(match![1]!.split('.')[1]!, 'base64url').toString()) as { aud: string; exp: number; sub: string };
}

describe('VAPID cache', () => {
  it('signs per origin with aud = origin, and reuses the header until it nears expiry', () => {
    let now = Date.now();
    const cache = createVapidCache({ keys, clock: () => now, lifetimeSeconds: 7200, renewBeforeSeconds: 3600 });
    const a = cache.authorization('https://push.example:8443');
    expect(claimsOf(a)).toEqual({ aud: 'https://push.example:8443', exp: Math.floor(now / 1000) + 7200, sub: keys.subject });
    expect(cache.authorization('https://push.example:8443')).toBe(a);
    expect(claimsOf(cache.authorization('https://other.example')).aud).toBe('https://other.example');
    now += 3_599_000;
    expect(cache.authorization('https://push.example:8443')).toBe(a);
    now += 2_000;
    expect(cache.authorization('https://push.example:8443')).not.toBe(a);
  });
});
