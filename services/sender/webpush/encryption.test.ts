import { createECDH, randomBytes } from 'node:crypto';
import { generateRequestDetails } from 'web-push';
import { createAes128gcmEncryptor, decodeSubscriberKeys, type SubscriberKeys } from './encryption';

// http_ece has no type declarations; this is the part of its API the test uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ece = require('http_ece') as { decrypt(buffer: Buffer, params: Record<string, unknown>): Buffer };

/** A browser's side of a subscription, as web-push's own tests make one. */
function aSubscriber() {
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const auth = randomBytes(16);
  const keys: SubscriberKeys = { publicKey: ua.getPublicKey(), authSecret: auth };
  return { ua, auth, keys, p256dh: ua.getPublicKey().toString('base64url'), authText: auth.toString('base64url') };
}

describe('aes128gcm encryptor', () => {
  const encryptAes128gcm = createAes128gcmEncryptor();

  it('is decrypted by http_ece (the reference web-push uses) to the plaintext', () => {
    const subscriber = aSubscriber();
    const plaintext = Buffer.from('{"title":"Hi","body":"There ✓"}');

    const body = encryptAes128gcm(plaintext, subscriber.keys);

    const decrypted = ece.decrypt(body, { version: 'aes128gcm', privateKey: subscriber.ua, authSecret: subscriber.auth });
    expect(decrypted.toString()).toBe(plaintext.toString());
  });

  it('writes the header web-push writes: salt, rs 4096, idlen 65, our uncompressed public key; one record', () => {
    const subscriber = aSubscriber();
    const plaintext = Buffer.from('x'.repeat(300));

    const ours = encryptAes128gcm(plaintext, subscriber.keys);
    const library = generateRequestDetails({ endpoint: 'https://push.example/1', keys: { p256dh: subscriber.p256dh, auth: subscriber.authText } }, plaintext).body;

    expect(ours.length).toBe(library.length);
    expect(ours.readUInt32BE(16)).toBe(library.readUInt32BE(16));
    expect(ours[20]).toBe(65);
    expect(ours[21]).toBe(4);
  });

  it('uses a fresh ephemeral key and salt for every message, and each message decrypts', () => {
    const subscriber = aSubscriber();
    const other = aSubscriber();
    const plaintext = Buffer.from('same');

    const bodies = [subscriber, other, subscriber, other].map((s) => encryptAes128gcm(plaintext, s.keys));

    expect(new Set(bodies.map((b) => b.subarray(0, 16).toString('hex'))).size).toBe(4);
    expect(new Set(bodies.map((b) => b.subarray(21, 86).toString('hex'))).size).toBe(4);
    const decrypted = bodies.map((body, i) => {
      const s = i % 2 === 0 ? subscriber : other;
      return ece.decrypt(body, { version: 'aes128gcm', privateKey: s.ua, authSecret: s.auth }).toString();
    });
    expect(decrypted).toEqual(['same', 'same', 'same', 'same']);
  });

  it('keeps working after a subscriber key it refused', () => {
    const bad: SubscriberKeys = { publicKey: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]), authSecret: randomBytes(16) };
    const subscriber = aSubscriber();

    expect(() => encryptAes128gcm(Buffer.from('hi'), bad)).toThrow();
    const body = encryptAes128gcm(Buffer.from('hi'), subscriber.keys);

    expect(ece.decrypt(body, { version: 'aes128gcm', privateKey: subscriber.ua, authSecret: subscriber.auth }).toString()).toBe('hi');
  });

  it('refuses a public key that is not a P-256 point', () => {
    const keys: SubscriberKeys = { publicKey: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]), authSecret: randomBytes(16) };

    expect(() => encryptAes128gcm(Buffer.from('hi'), keys)).toThrow();
  });
});

describe('decodeSubscriberKeys', () => {
  it('decodes base64url p256dh and auth', () => {
    const subscriber = aSubscriber();

    expect(decodeSubscriberKeys(subscriber.p256dh, subscriber.authText)).toEqual(subscriber.keys);
  });

  it.each([
    ['a short p256dh', Buffer.alloc(33, 4).toString('base64url'), randomBytes(16).toString('base64url')],
    ['a compressed-form p256dh', Buffer.concat([Buffer.from([2]), randomBytes(64)]).toString('base64url'), randomBytes(16).toString('base64url')],
    ['an auth secret under 16 bytes', aSubscriber().p256dh, randomBytes(8).toString('base64url')],
  ])('rejects %s', (_label, p256dh, auth) => {
    expect(decodeSubscriberKeys(p256dh, auth)).toBeNull();
  });
});
