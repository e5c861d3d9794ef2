export const PROVIDERS = ['fcm', 'apns', 'webpush'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Scriptable per-token states; each maps to the provider's documented answer (see the handlers). */
export const TOKEN_STATES = {
  fcm: ['unregistered', 'sender-id-mismatch', 'invalid-registration', 'apns-unregistered', 'third-party-auth-error'],
  apns: ['unregistered', 'expired-token', 'bad-device-token', 'device-token-not-for-topic', 'too-many-requests'],
  webpush: ['gone', 'not-found'],
} as const;

export type FcmTokenState = (typeof TOKEN_STATES.fcm)[number];
export type ApnsTokenState = (typeof TOKEN_STATES.apns)[number];
export type WebPushTokenState = (typeof TOKEN_STATES.webpush)[number];
export type TokenState = FcmTokenState | ApnsTokenState | WebPushTokenState;

/** What "dead" means per provider: FCM 404 UNREGISTERED, APNs 410 Unregistered, Web Push 410 Gone. */
export const DEAD_STATE: { [P in Provider]: (typeof TOKEN_STATES)[P][number] } = {
  fcm: 'unregistered',
  apns: 'unregistered',
  webpush: 'gone',
};

export function isTokenStateOf(provider: Provider, state: string): boolean {
  return (TOKEN_STATES[provider] as readonly string[]).includes(state);
}
