import { routeApnsRequest, validateApnsNotification, type ApnsNotificationInput } from './apns-validate';

const TOKEN = 'a'.repeat(64);
const input = (overrides: Partial<ApnsNotificationInput> & { extraHeaders?: Record<string, string> } = {}): ApnsNotificationInput => ({
  deviceToken: TOKEN,
  headers: { 'apns-topic': 'com.example.app', 'apns-push-type': 'alert', ...overrides.extraHeaders },
  duplicateHeaders: [],
  body: Buffer.from('{"aps":{"alert":"hi"}}'),
  bodyTooLarge: false,
  ...overrides,
});
const reasonOf = (i: ApnsNotificationInput) => {
  const result = validateApnsNotification(i);
  return result.ok ? 'ok' : result.reason;
};

describe('routeApnsRequest', () => {
  it.each([
    ['POST', `/3/device/${TOKEN}`, { ok: true, deviceToken: TOKEN }],
    ['POST', '/3/device/', { ok: false, reason: 'MissingDeviceToken' }],
    ['GET', `/3/device/${TOKEN}`, { ok: false, reason: 'MethodNotAllowed' }],
    ['POST', '/2/device/abc', { ok: false, reason: 'BadPath' }],
    ['POST', '/3/device/abc/def', { ok: false, reason: 'BadPath' }],
    ['POST', '/3/device/%zz', { ok: false, reason: 'BadPath' }],
  ])('%s %s', (method, path, expected) => {
    expect(routeApnsRequest(method, path)).toEqual(expected);
  });
});

describe('validateApnsNotification', () => {
  it('accepts an alert and reads its headers', () => {
    const result = validateApnsNotification(input({ extraHeaders: { 'apns-priority': '5', 'apns-expiration': '0', 'apns-collapse-id': 'c', 'apns-id': '123e4567-e89b-12d3-a456-426614174000' } }));
    expect(result).toEqual({
      ok: true,
      notification: { topic: 'com.example.app', pushType: 'alert', priority: 5, expiration: 0, collapseId: 'c', apnsId: '123e4567-e89b-12d3-a456-426614174000', payload: { aps: { alert: 'hi' } } },
    });
  });

  it.each<[string, Partial<ApnsNotificationInput> & { extraHeaders?: Record<string, string> }, string]>([
    ['a repeated header', { duplicateHeaders: ['apns-topic'] }, 'DuplicateHeaders'],
    ['no topic', { headers: { 'apns-push-type': 'alert' } }, 'MissingTopic'],
    ['a bad topic', { extraHeaders: { 'apns-topic': 'com example' } }, 'BadTopic'],
    ['an unknown push type', { extraHeaders: { 'apns-push-type': 'loud' } }, 'InvalidPushType'],
    ['voip without the .voip topic', { extraHeaders: { 'apns-push-type': 'voip' } }, 'InvalidPushType'],
    ['priority 7', { extraHeaders: { 'apns-priority': '7' } }, 'BadPriority'],
    ['background at priority 10', { extraHeaders: { 'apns-push-type': 'background' } }, 'BadPriority'],
    ['a non-numeric expiration', { extraHeaders: { 'apns-expiration': 'tomorrow' } }, 'BadExpirationDate'],
    ['a 65-byte collapse id', { extraHeaders: { 'apns-collapse-id': 'c'.repeat(65) } }, 'BadCollapseId'],
    ['a non-UUID apns-id', { extraHeaders: { 'apns-id': 'abc' } }, 'BadMessageId'],
    ['an empty payload', { body: Buffer.alloc(0) }, 'PayloadEmpty'],
    ['a 4097-byte payload', { body: Buffer.from(`{"a":"${'x'.repeat(4089)}"}`) }, 'PayloadTooLarge'],
    ['a body cut by the reader', { bodyTooLarge: true }, 'PayloadTooLarge'],
    ['a payload that is not a JSON object', { body: Buffer.from('[1]') }, 'BadPayload'],
    ['a non-hex device token', { deviceToken: 'xyz' }, 'BadDeviceToken'],
    ['a topic the key may not use', { allowedTopics: ['com.other.app'] }, 'TopicDisallowed'],
  ])('rejects %s', (_case, overrides, reason) => {
    expect(reasonOf(input(overrides))).toBe(reason);
  });

  it('allows 4096 bytes, 5120 for voip, 64-byte collapse ids and background at priority 5', () => {
    expect(reasonOf(input({ body: Buffer.from(`{"a":"${'x'.repeat(4088)}"}`) }))).toBe('ok');
    const voip = { 'apns-push-type': 'voip', 'apns-topic': 'com.example.app.voip' };
    expect(reasonOf(input({ extraHeaders: voip, body: Buffer.from(`{"a":"${'x'.repeat(5112)}"}`) }))).toBe('ok');
    expect(reasonOf(input({ extraHeaders: voip, body: Buffer.from(`{"a":"${'x'.repeat(5113)}"}`) }))).toBe('PayloadTooLarge');
    expect(reasonOf(input({ extraHeaders: { 'apns-collapse-id': 'c'.repeat(64) } }))).toBe('ok');
    expect(reasonOf(input({ extraHeaders: { 'apns-push-type': 'background', 'apns-priority': '5' } }))).toBe('ok');
    expect(reasonOf(input({ allowedTopics: ['com.example.app'], extraHeaders: voip }))).toBe('ok');
  });
});
