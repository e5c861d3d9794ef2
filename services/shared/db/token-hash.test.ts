import { hashToken } from './token-hash';

describe('hashToken', () => {
  it('is the 32-byte SHA-256 of the UTF-8 token', () => {
    const hash = hashToken('abc');
    expect(hash).toHaveLength(32);
    expect(hash.toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
