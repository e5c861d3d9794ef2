import { createDecipheriv, createHmac, type ECDH } from 'node:crypto';

/** The user agent's side of a subscription: its P-256 key pair and the auth secret. */
export interface SubscriberKeys {
  ecdh: ECDH;
  /** Uncompressed public key, 65 bytes (p256dh). */
  publicKey: Buffer;
  /** Auth secret, 16 bytes. */
  authSecret: Buffer;
}

export type DecryptResult = { ok: true; plaintext: Buffer } | { ok: false; message: string };

const HEADER_FIXED_BYTES = 21; // salt(16) + rs(4) + idlen(1)
const TAG_BYTES = 16;

/**
 * Decrypts an RFC 8291 aes128gcm push message body (RFC 8188 coding: salt | rs | idlen | keyid |
 * one record). `keyCache` memoises the key derivation per header (salt + sender key): a replayed body
 * (load tests) then costs one AES-GCM; a fresh message pays one ECDH and the HKDFs.
 */
export function decryptAes128gcm(body: Buffer, keys: SubscriberKeys, keyCache?: Map<string, Buffer>): DecryptResult {
  if (body.length < HEADER_FIXED_BYTES) return { ok: false, message: 'Truncated aes128gcm header' };
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  if (idlen !== 65) return { ok: false, message: 'keyid must be the 65-byte sender public key' };
  const start = HEADER_FIXED_BYTES + idlen;
  if (body.length < start + TAG_BYTES + 1) return { ok: false, message: 'Truncated aes128gcm record' };
  const senderKey = body.subarray(HEADER_FIXED_BYTES, start);
  const record = body.subarray(start);
  if (rs < 18 || record.length > rs) return { ok: false, message: 'A push message must be a single record' };

  let derived: Buffer;
  try {
    derived = contentKeys(body.subarray(0, start), salt, senderKey, keys, keyCache);
  } catch {
    return { ok: false, message: 'Invalid sender public key' };
  }
  const cek = derived.subarray(0, 16);
  const nonce = derived.subarray(16, 28);
  let padded: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return { ok: false, message: 'Decryption failed (wrong keys or corrupted body)' };
  }
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (end < 0 || padded[end] !== 2) return { ok: false, message: 'Last record must end with the 0x02 delimiter' };
  return { ok: true, plaintext: padded.subarray(0, end) };
}

const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0\x01', 'latin1');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0\x01', 'latin1');
const KEY_INFO = Buffer.from('WebPush: info\0', 'latin1');

/** CEK (16 bytes) then NONCE (12 bytes), derived as RFC 8291 §3.4 / RFC 8188 §2.2 say. */
function contentKeys(header: Buffer, salt: Buffer, senderKey: Buffer, keys: SubscriberKeys, cache?: Map<string, Buffer>): Buffer {
  const cacheKey = cache ? header.toString('base64') : '';
  const cached = cache?.get(cacheKey);
  if (cached) return cached;
  const shared = keys.ecdh.computeSecret(senderKey);
  const ikm = hkdf(keys.authSecret, shared, Buffer.concat([KEY_INFO, keys.publicKey, senderKey, Buffer.from([1])]), 32);
  const prk = hmac(salt, ikm);
  const derived = Buffer.concat([hmac(prk, CEK_INFO).subarray(0, 16), hmac(prk, NONCE_INFO).subarray(0, 12)]);
  if (cache) {
    if (cache.size >= 256) cache.clear();
    cache.set(cacheKey, derived);
  }
  return derived;
}

/** HKDF-SHA256 for outputs of at most one block (32 bytes); `infoAndCounter` ends with 0x01. */
function hkdf(salt: Buffer, ikm: Buffer, infoAndCounter: Buffer, length: number): Buffer {
  return hmac(hmac(salt, ikm), infoAndCounter).subarray(0, length);
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
