import { createECDH, randomBytes } from 'node:crypto';
import type { SubscriberKeys } from './webpush-ece';

/** What the fake keeps per subscription (all base64url); enough to rebuild the keys in another worker. */
export interface StoredSubscription {
  id: string;
  /** The user agent's P-256 private key (32 bytes). */
  privateKey: string;
  /** p256dh: the uncompressed public key (65 bytes). */
  publicKey: string;
  /** The auth secret (16 bytes). */
  auth: string;
  /** VAPID public key the subscription is restricted to, if any (RFC 8292 §4). */
  applicationServerKey?: string;
}

/** What a browser's PushSubscription.toJSON() gives the application. */
export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export const PUSH_PATH_PREFIX = '/push/';

/** New subscriber secrets, as a browser makes them on subscribe(). */
export function newStoredSubscription(applicationServerKey?: string): StoredSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    id: randomBytes(18).toString('base64url'),
    privateKey: ecdh.getPrivateKey().toString('base64url'),
    publicKey: ecdh.getPublicKey().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
    ...(applicationServerKey === undefined ? {} : { applicationServerKey }),
  };
}

export function subscriptionJson(stored: StoredSubscription, baseUrl: string): PushSubscriptionJson {
  return { endpoint: `${baseUrl}${PUSH_PATH_PREFIX}${stored.id}`, expirationTime: null, keys: { p256dh: stored.publicKey, auth: stored.auth } };
}

/** The subscription id in an endpoint URL or a bare id. */
export function subscriptionIdOf(endpointOrId: string): string {
  const at = endpointOrId.lastIndexOf(PUSH_PATH_PREFIX);
  return at === -1 ? endpointOrId : endpointOrId.slice(at + PUSH_PATH_PREFIX.length);
}

export interface LiveSubscription {
  stored: StoredSubscription;
  keys: SubscriberKeys;
  /** Key-derivation memo for decryptAes128gcm. */
  keyCache: Map<string, Buffer>;
}

/** Subscriptions this process can decrypt for. */
export class SubscriptionRegistry {
  private readonly byId = new Map<string, LiveSubscription>();

  add(stored: StoredSubscription): void {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(stored.privateKey, 'base64url'));
    this.byId.set(stored.id, {
      stored,
      keys: { ecdh, publicKey: Buffer.from(stored.publicKey, 'base64url'), authSecret: Buffer.from(stored.auth, 'base64url') },
      keyCache: new Map(),
    });
  }

  get(id: string): LiveSubscription | undefined {
    return this.byId.get(id);
  }

  all(): StoredSubscription[] {
    return [...this.byId.values()].map((live) => live.stored);
  }
}
