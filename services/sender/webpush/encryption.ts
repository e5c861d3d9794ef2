import { createCipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';

// RFC 8291 message encryption with the RFC 8188 aes128gcm content coding, one record:
//   body = salt(16) | rs(uint32 BE) | idlen(1) = 65 | keyid = our ephemeral P-256 public key | ciphertext
// Every message gets its own ephemeral key pair and salt (never reused: the CEK and nonce derive from
// both). Done here rather than by web-push (http_ece), which re-derives our public key three times and
// decodes and re-validates the subscription keys per message; the wire bytes are the same.

/** A subscription's keys, decoded: the user agent's P-256 public key and its auth secret. */
export interface SubscriberKeys {
  /** p256dh: uncompressed point, 65 bytes. */
  readonly publicKey: Buffer;
  /** auth: at least 16 bytes (used whole as the HKDF salt, as web-push does). */
  readonly authSecret: Buffer;
}

/** Record size announced in the header: one record of up to 4096 bytes, as web-push writes it. */
const RECORD_SIZE = 4096;
const SALT_BYTES = 16;
const PUBLIC_KEY_BYTES = 65;
const HEADER_BYTES = SALT_BYTES + 4 + 1 + PUBLIC_KEY_BYTES;
const TAG_BYTES = 16;
/** The padding delimiter of the last (only) record. */
const LAST_RECORD = Buffer.from([2]);
const KEY_INFO = Buffer.from('WebPush: info\0', 'latin1');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0\x01', 'latin1');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0\x01', 'latin1');
const ONE = Buffer.from([1]);

/** The subscription's base64url keys decoded, or null when no push service could accept a message for them. */
export function decodeSubscriberKeys(p256dh: string, auth: string): SubscriberKeys | null {
  const publicKey = Buffer.from(p256dh, 'base64url');
  const authSecret = Buffer.from(auth, 'base64url');
  if (publicKey.length !== PUBLIC_KEY_BYTES || publicKey[0] !== 4 || authSecret.length < 16) return null;
  return { publicKey, authSecret };
}

/** Encrypts one message at a time; see createAes128gcmEncryptor. */
export type Aes128gcmEncryptor = (plaintext: Buffer, subscriber: SubscriberKeys) => Buffer;

/**
 * The aes128gcm body for a plaintext. Throws when the subscriber's public key is not a point on
 * P-256 (the subscription is unusable). One ECDH object serves every call (making one costs about a
 * tenth of the key agreement), but each call generates a new key pair on it: no message shares its
 * ephemeral key or its salt with another.
 */
export function createAes128gcmEncryptor(): Aes128gcmEncryptor {
  const ephemeral = createECDH('prime256v1');
  return (plaintext, subscriber) => {
    const ourPublicKey = ephemeral.generateKeys();
    const sharedSecret = ephemeral.computeSecret(subscriber.publicKey);
    const salt = randomBytes(SALT_BYTES);

    // RFC 8291 §3.4: IKM = HKDF(auth, ECDH secret, "WebPush: info\0" || ua_public || as_public, 32).
    const keyPrk = hmac(subscriber.authSecret, sharedSecret);
    const ikm = createHmac('sha256', keyPrk).update(KEY_INFO).update(subscriber.publicKey).update(ourPublicKey).update(ONE).digest();
    // RFC 8188 §2.2: PRK = HMAC(salt, IKM); CEK and NONCE are the first 16 and 12 bytes of their expansions.
    const prk = hmac(salt, ikm);
    const cek = hmac(prk, CEK_INFO).subarray(0, 16);
    const nonce = hmac(prk, NONCE_INFO).subarray(0, 12);

    const body = Buffer.allocUnsafe(HEADER_BYTES + plaintext.length + 1 + TAG_BYTES);
    salt.copy(body, 0);
    body.writeUInt32BE(RECORD_SIZE, SALT_BYTES);
    body[SALT_BYTES + 4] = PUBLIC_KEY_BYTES;
    ourPublicKey.copy(body, SALT_BYTES + 5);
    const cipher = createCipheriv('aes-128-gcm', cek, nonce);
    let at = HEADER_BYTES;
    at += cipher.update(plaintext).copy(body, at);
    at += cipher.update(LAST_RECORD).copy(body, at);
    at += cipher.final().copy(body, at);
    cipher.getAuthTag().copy(body, at);
    return body;
  };
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
