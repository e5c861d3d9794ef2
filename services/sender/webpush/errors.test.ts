import type { ProviderResponse } from '../http2/h2-response';
import { classifyWebPushResponse } from './errors';

const NOW = 1_700_000_000_000;

function answer(status: number, headers: Record<string, string> = {}): ProviderResponse {
  return {
    status,
    headers,
    body: JSON.stringify({ code: status, errno: 999, error: 'x', message: 'x', more_info: 'http://autopush.readthedocs.io' }),
  };
}

// Every row of reference/providers.md §3.4.
const ROWS: Array<[number, string, string]> = [
  [400, 'MESSAGE_REJECTED', 'BadRequest'],
  [401, 'CREDENTIALS_REJECTED', 'Unauthorized'],
  [403, 'CREDENTIALS_REJECTED', 'Forbidden'],
  [404, 'TOKEN_DEAD', 'NotFound'],
  [410, 'TOKEN_DEAD', 'Gone'],
  [413, 'MESSAGE_REJECTED', 'PayloadTooLarge'],
  [429, 'RETRY_LATER', 'TooManyRequests'],
  [500, 'RETRY_LATER', 'InternalServerError'],
  [502, 'RETRY_LATER', 'BadGateway'],
  [503, 'RETRY_LATER', 'ServiceUnavailable'],
  [504, 'RETRY_LATER', 'GatewayTimeout'],
  [507, 'RETRY_LATER', 'http_507'],
  [418, 'MESSAGE_REJECTED', 'http_418'],
];

describe('classifyWebPushResponse', () => {
  it.each(ROWS)('%i → %s', (status, code, reason) => {
    expect(classifyWebPushResponse(answer(status), NOW)).toMatchObject({ code, reason, httpStatus: status, throttlesProvider: false });
  });

  it.each([200, 201, 202])('accepts %i with Location as provider message id', (status) => {
    expect(classifyWebPushResponse({ status, headers: { location: 'https://push/m/1' }, body: '' }, NOW)).toMatchObject({
      code: 'ACCEPTED',
      providerMessageId: 'https://push/m/1',
    });
  });

  it('429 with Retry-After: retry after it and pause the push service', () => {
    expect(classifyWebPushResponse(answer(429, { 'retry-after': '9' }), NOW)).toMatchObject({
      code: 'RETRY_LATER',
      retryAfterMs: 9_000,
      throttlesProvider: true,
    });
  });

  it('503 with an HTTP-date Retry-After: this message waits, the service is not paused', () => {
    const at = new Date(NOW + 4_000).toUTCString();
    expect(classifyWebPushResponse(answer(503, { 'retry-after': at }), NOW)).toMatchObject({
      retryAfterMs: 4_000,
      throttlesProvider: false,
    });
  });
});
