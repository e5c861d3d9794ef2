import { apiKeyId, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates a key whose id can be read back and whose hash is what is stored', () => {
    const created = generateApiKey();
    expect(created.key).toMatch(/^hk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyId(created.key)).toBe(created.id);
    expect(created.keyHash).toBe(hashApiKey(created.key));
    expect(created.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeApiKey(created.key)).toBe(true);
  });

  it('is deterministic for a given random source and rejects malformed keys', () => {
    const zeros = (n: number): Buffer => Buffer.alloc(n);
    expect(generateApiKey(zeros).key).toBe(`hk_000000000000_${'A'.repeat(43)}`);
    expect(apiKeyId('hk_short_x')).toBeNull();
    expect(looksLikeApiKey('eyJhbGciOi')).toBe(false);
  });
});
