import { createECDH, randomBytes } from 'node:crypto';
import { parseRegistration } from './device-registration';

const apnsToken = 'AB'.repeat(32);
const fcmToken = `inst:APA91b${'q'.repeat(150)}`;

function subscription(): { endpoint: string; keys: { p256dh: string; auth: string } } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: 'https://push.example.test/sub/1',
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

const fieldsOf = (result: ReturnType<typeof parseRegistration>): string[] => (result.ok ? [] : result.problems.map((p) => p.field));

describe('parseRegistration', () => {
  it('defaults the provider and APNs environment from the platform and normalises the token', () => {
    const result = parseRegistration('u1', { platform: 'IOS', token: apnsToken, time_zone: 'europe/paris' });
    expect(result).toMatchObject({
      ok: true,
      value: { app: 'default', provider: 'APNS', token: apnsToken.toLowerCase(), apnsEnvironment: 'PRODUCTION', timeZone: 'Europe/Paris' },
    });
  });

  it('takes a Web Push subscription, the endpoint being the token', () => {
    const sub = subscription();
    const result = parseRegistration('u1', { platform: 'WEB', subscription: sub });
    expect(result).toMatchObject({ ok: true, value: { provider: 'WEBPUSH', token: sub.endpoint, webpushKeys: sub.keys } });
  });

  it('accepts FCM on iOS and web, never APNs on Android', () => {
    expect(parseRegistration('u1', { platform: 'IOS', provider: 'FCM', token: fcmToken }).ok).toBe(true);
    expect(fieldsOf(parseRegistration('u1', { platform: 'ANDROID', provider: 'APNS', token: apnsToken }))).toEqual(['body.provider']);
  });

  it.each([
    ['a token for WEBPUSH', { platform: 'WEB' as const, token: fcmToken }, ['body.token', 'body.subscription']],
    ['a subscription for FCM', { platform: 'ANDROID' as const, subscription: subscription() }, ['body.subscription', 'body.token']],
    ['no token', { platform: 'ANDROID' as const }, ['body.token']],
    ['an APNs environment for FCM', { platform: 'ANDROID' as const, token: fcmToken, apns_environment: 'SANDBOX' as const }, ['body.apns_environment']],
    ['an unknown time zone', { platform: 'ANDROID' as const, token: fcmToken, time_zone: 'Moon/Base' }, ['body.time_zone']],
    ['an FCM token as APNs', { platform: 'IOS' as const, token: fcmToken }, ['body.token']],
  ])('refuses %s', (_what, body, fields) => {
    expect(fieldsOf(parseRegistration('u1', body))).toEqual(fields);
  });
});
