import type { ProviderResponse } from '../http2/h2-response';
import { classifyApnsResponse } from './errors';

const NOW = 1_700_000_000_000;

function apns(status: number, reason: string, headers: Record<string, string> = {}): ProviderResponse {
  const body = status === 410 ? { reason, timestamp: NOW - 1_000 } : { reason };
  return { status, headers: { 'apns-id': '6f1c1d8e-3c1a-4d5e-9a56-2b3c4d5e6f70', ...headers }, body: JSON.stringify(body) };
}

// Every row of reference/providers.md §2.5, one case per reason.
const ROWS: Array<[number, string, string, string | null]> = [
  [400, 'BadCollapseId', 'MESSAGE_REJECTED', null],
  [400, 'BadDeviceToken', 'TOKEN_DEAD', null],
  [400, 'BadExpirationDate', 'MESSAGE_REJECTED', null],
  [400, 'BadMessageId', 'MESSAGE_REJECTED', null],
  [400, 'BadPriority', 'MESSAGE_REJECTED', null],
  [400, 'BadTopic', 'MESSAGE_REJECTED', null],
  [400, 'DuplicateHeaders', 'MESSAGE_REJECTED', null],
  [400, 'InvalidPushType', 'MESSAGE_REJECTED', null],
  [400, 'MissingDeviceToken', 'MESSAGE_REJECTED', null],
  [400, 'MissingTopic', 'MESSAGE_REJECTED', null],
  [400, 'PayloadEmpty', 'MESSAGE_REJECTED', null],
  [400, 'DeviceTokenNotForTopic', 'TOKEN_DEAD', null],
  [400, 'TopicDisallowed', 'CREDENTIALS_REJECTED', null],
  [400, 'IdleTimeout', 'RETRY_LATER', 'reconnect'],
  [403, 'ExpiredProviderToken', 'RETRY_LATER', 'refresh_auth'],
  [403, 'InvalidProviderToken', 'CREDENTIALS_REJECTED', null],
  [403, 'MissingProviderToken', 'CREDENTIALS_REJECTED', null],
  [403, 'BadCertificate', 'CREDENTIALS_REJECTED', null],
  [403, 'BadCertificateEnvironment', 'CREDENTIALS_REJECTED', null],
  [403, 'Forbidden', 'CREDENTIALS_REJECTED', null],
  [403, 'UnrelatedKeyIdInToken', 'CREDENTIALS_REJECTED', null],
  [403, 'BadEnvironmentKeyIdInToken', 'CREDENTIALS_REJECTED', null],
  [404, 'BadPath', 'MESSAGE_REJECTED', null],
  [405, 'MethodNotAllowed', 'MESSAGE_REJECTED', null],
  [410, 'Unregistered', 'TOKEN_DEAD', null],
  [410, 'ExpiredToken', 'TOKEN_DEAD', null],
  [413, 'PayloadTooLarge', 'MESSAGE_REJECTED', null],
  [429, 'TooManyProviderTokenUpdates', 'RETRY_LATER', null],
  [429, 'TooManyRequests', 'RETRY_LATER', null],
  [500, 'InternalServerError', 'RETRY_LATER', null],
  [503, 'ServiceUnavailable', 'RETRY_LATER', null],
  [503, 'Shutdown', 'RETRY_LATER', 'reconnect'],
];

describe('classifyApnsResponse', () => {
  it.each(ROWS)('%i %s → %s', (status, reason, code, remedy) => {
    const result = classifyApnsResponse(apns(status, reason), NOW);
    expect(result).toMatchObject({ code, reason, httpStatus: status, remedy, providerMessageId: null });
    expect(result.throttlesProvider).toBe(false);
  });

  it('accepts 200 (empty body) with apns-id as provider message id', () => {
    const result = classifyApnsResponse({ status: 200, headers: { 'apns-id': 'abc' }, body: '' }, NOW);
    expect(result).toMatchObject({ code: 'ACCEPTED', providerMessageId: 'abc', httpStatus: 200 });
  });

  it.each([
    [410, 'SomethingNew', 'TOKEN_DEAD', null],
    [403, 'SomethingNew', 'CREDENTIALS_REJECTED', null],
    [400, 'SomethingNew', 'MESSAGE_REJECTED', null],
    [502, 'SomethingNew', 'RETRY_LATER', null],
  ])('falls back on the status for unknown reasons (%i)', (status, reason, code) => {
    expect(classifyApnsResponse(apns(status, reason), NOW)).toMatchObject({ code, reason });
  });

  it('names a body without reason by its status', () => {
    expect(classifyApnsResponse({ status: 502, headers: {}, body: 'oops' }, NOW)).toMatchObject({ code: 'RETRY_LATER', reason: 'http_502' });
  });

  it('pauses the endpoint on a 429 that does carry Retry-After, but not for JWT refresh complaints', () => {
    expect(classifyApnsResponse(apns(429, 'TooManyRequests', { 'retry-after': '5' }), NOW)).toMatchObject({
      retryAfterMs: 5_000,
      throttlesProvider: true,
    });
    expect(classifyApnsResponse(apns(429, 'TooManyProviderTokenUpdates', { 'retry-after': '5' }), NOW)).toMatchObject({
      throttlesProvider: false,
    });
  });
});
