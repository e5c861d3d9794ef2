import { createECDH, randomBytes } from 'node:crypto';
import * as webpush from 'web-push';
import { decryptAes128gcm, type SubscriberKeys } from './webpush-ece';

// http_ece has no type declarations; this is the part of its API the test uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ece = require('http_ece') as { encrypt(buffer: Buffer, params: Record<string, unknown>): Buffer };

function subscriber(): SubscriberKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, publicKey: ecdh.getPublicKey(), authSecret: randomBytes(16) };
}

describe('decryptAes128gcm', () => {
  it('decrypts what web-push encrypts (RFC 8291)', () => {
    const keys = subscriber();
    const { cipherText } = webpush.encrypt(keys.publicKey.toString('base64url'), keys.authSecret.toString('base64url'), 'héllo wörld', 'aes128gcm');
    expect(decryptAes128gcm(cipherText, keys)).toEqual({ ok: true, plaintext: Buffer.from('héllo wörld') });
  });

  it('decrypts what http_ece encrypts, including padding, with a key cache per header', () => {
    const keys = subscriber();
    const sender = createECDH('prime256v1');
    sender.generateKeys();
    const cache = new Map<string, Buffer>();
    for (const text of ['one', 'two']) {
      const body = ece.encrypt(Buffer.from(text), { version: 'aes128gcm', privateKey: sender, dh: keys.publicKey.toString('base64url'), authSecret: keys.authSecret.toString('base64url'), pad: 10 });
      expect(decryptAes128gcm(body, keys, cache)).toEqual({ ok: true, plaintext: Buffer.from(text) });
    }
    expect(cache.size).toBe(2);
  });

  it('refuses bodies for another subscriber, tampered or truncated bodies', () => {
    const keys = subscriber();
    const { cipherText } = webpush.encrypt(keys.publicKey.toString('base64url'), keys.authSecret.toString('base64url'), 'secret', 'aes128gcm');
    expect(decryptAes128gcm(cipherText, subscriber()).ok).toBe(false);
    const tampered = Buffer.from(cipherText);
    tampered[tampered.length - 1] = tampered.at(-1)! ^ 1;
    expect(decryptAes128gcm(tampered, keys).ok).toBe(false);
    expect(decryptAes128gcm(cipherText.subarray(0, 10), keys)).toEqual({ ok: false, message: 'Truncated aes128gcm header' });
    expect(decryptAes128gcm(cipherText.subarray(0, 90), keys)).toEqual({ ok: false, message: 'Truncated aes128gcm record' });
  });
});
