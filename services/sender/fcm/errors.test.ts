import type { ProviderResponse } from '../http2/h2-response';
import { classifyFcmResponse, FCM_QUOTA_MIN_DELAY_MS } from './errors';

const NOW = 1_700_000_000_000;
const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const APNS_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.ApnsError';
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

function rpc(
  status: number,
  rpcStatus: string,
  message: string,
  details: Array<Record<string, unknown>> = [],
  headers: Record<string, string> = {},
): ProviderResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
    body: JSON.stringify({ error: { code: status, message, status: rpcStatus, ...(details.length ? { details } : {}) } }),
  };
}
const fcmError = (errorCode: string) => ({ '@type': FCM_ERROR, errorCode });

// One case per row of reference/providers.md §1.4 (plus the HTTP fallbacks).
const ROWS: Array<[string, ProviderResponse, { code: string; reason: string; remedy?: string }]> = [
  [
    '400 INVALID_ARGUMENT, bad token format → drop token',
    rpc(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', [fcmError('INVALID_ARGUMENT')]),
    { code: 'TOKEN_DEAD', reason: 'INVALID_REGISTRATION' },
  ],
  [
    '400 INVALID_ARGUMENT, field violation on message.token → drop token',
    rpc(400, 'INVALID_ARGUMENT', 'Invalid value', [
      fcmError('INVALID_ARGUMENT'),
      { '@type': BAD_REQUEST, fieldViolations: [{ field: 'message.token', description: 'Invalid registration token' }] },
    ]),
    { code: 'TOKEN_DEAD', reason: 'INVALID_REGISTRATION' },
  ],
  [
    '400 INVALID_ARGUMENT, message too big → drop message',
    rpc(400, 'INVALID_ARGUMENT', 'Message is too big', [fcmError('INVALID_ARGUMENT')]),
    { code: 'MESSAGE_REJECTED', reason: 'INVALID_ARGUMENT' },
  ],
  [
    '400 INVALID_ARGUMENT without FcmError (google.rpc.BadRequest schema violation) → drop message',
    rpc(400, 'INVALID_ARGUMENT', "Invalid value at 'message.data[0].value' (TYPE_STRING), 1", [
      { '@type': BAD_REQUEST, fieldViolations: [{ field: 'message.data[0].value', description: 'Invalid value' }] },
    ]),
    { code: 'MESSAGE_REJECTED', reason: 'INVALID_ARGUMENT' },
  ],
  [
    '400 INVALID_ARGUMENT + ApnsError 410 Unregistered → drop token',
    rpc(400, 'INVALID_ARGUMENT', 'APNs device token is disabled.', [
      fcmError('INVALID_ARGUMENT'),
      { '@type': APNS_ERROR, statusCode: 410, reason: 'Unregistered' },
    ]),
    { code: 'TOKEN_DEAD', reason: 'APNS_UNREGISTERED' },
  ],
  [
    '401 THIRD_PARTY_AUTH_ERROR (+ApnsError 403) → fix credentials, no refresh',
    rpc(401, 'UNAUTHENTICATED', 'Auth error from APNS or Web Push Service', [
      fcmError('THIRD_PARTY_AUTH_ERROR'),
      { '@type': APNS_ERROR, statusCode: 403, reason: 'InvalidProviderToken' },
    ]),
    { code: 'CREDENTIALS_REJECTED', reason: 'THIRD_PARTY_AUTH_ERROR' },
  ],
  [
    '401 UNAUTHENTICATED without FcmError → refresh the OAuth token, then fix credentials',
    rpc(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token'),
    { code: 'CREDENTIALS_REJECTED', reason: 'UNAUTHENTICATED', remedy: 'refresh_auth' },
  ],
  [
    '403 SENDER_ID_MISMATCH → drop token',
    rpc(403, 'PERMISSION_DENIED', 'SenderId mismatch', [fcmError('SENDER_ID_MISMATCH')]),
    { code: 'TOKEN_DEAD', reason: 'SENDER_ID_MISMATCH' },
  ],
  [
    '403 PERMISSION_DENIED without FcmError (IAM) → fix credentials',
    rpc(403, 'PERMISSION_DENIED', "Permission 'cloudmessaging.messages.create' denied"),
    { code: 'CREDENTIALS_REJECTED', reason: 'PERMISSION_DENIED' },
  ],
  [
    '404 UNREGISTERED → drop token',
    rpc(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmError('UNREGISTERED')]),
    { code: 'TOKEN_DEAD', reason: 'UNREGISTERED' },
  ],
  [
    '500 INTERNAL → retry',
    rpc(500, 'INTERNAL', 'Internal error encountered.', [fcmError('INTERNAL')]),
    { code: 'RETRY_LATER', reason: 'INTERNAL' },
  ],
  [
    '503 UNAVAILABLE → retry',
    rpc(503, 'UNAVAILABLE', 'The service is currently unavailable.', [fcmError('UNAVAILABLE')]),
    { code: 'RETRY_LATER', reason: 'UNAVAILABLE' },
  ],
  [
    'UNSPECIFIED_ERROR → decided by status (500 INTERNAL: retry)',
    rpc(500, 'INTERNAL', 'No info', [fcmError('UNSPECIFIED_ERROR')]),
    { code: 'RETRY_LATER', reason: 'INTERNAL' },
  ],
  [
    'UNSPECIFIED_ERROR on a 400 → drop message',
    rpc(400, 'INVALID_ARGUMENT', 'No info', [fcmError('UNSPECIFIED_ERROR')]),
    { code: 'MESSAGE_REJECTED', reason: 'INVALID_ARGUMENT' },
  ],
  [
    "Google's HTML 404 (wrong URL or project) → fix configuration",
    { status: 404, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><title>Error 404 (Not Found)!!1</title>' },
    { code: 'CREDENTIALS_REJECTED', reason: 'http_404' },
  ],
  [
    'non-JSON 502 → retry',
    { status: 502, headers: {}, body: 'Bad Gateway' },
    { code: 'RETRY_LATER', reason: 'http_502' },
  ],
];

describe('classifyFcmResponse', () => {
  it.each(ROWS)('%s', (_name, response, expected) => {
    const result = classifyFcmResponse(response, NOW);
    expect({ code: result.code, reason: result.reason, remedy: result.remedy ?? undefined }).toEqual({
      remedy: undefined,
      ...expected,
    });
    expect(result.httpStatus).toBe(response.status);
    expect(result.providerMessageId).toBeNull();
  });

  it('accepts 200 with the message name as provider message id', () => {
    const result = classifyFcmResponse(
      { status: 200, headers: {}, body: '{"name":"projects/p/messages/0:1612788010922733%7606eb247606eb24"}' },
      NOW,
    );
    expect(result).toMatchObject({ code: 'ACCEPTED', httpStatus: 200, providerMessageId: 'projects/p/messages/0:1612788010922733%7606eb247606eb24' });
  });

  it('429 QUOTA_EXCEEDED with Retry-After: retry after it and pause the provider', () => {
    const result = classifyFcmResponse(
      rpc(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [fcmError('QUOTA_EXCEEDED')], { 'retry-after': '17' }),
      NOW,
    );
    expect(result).toMatchObject({ code: 'RETRY_LATER', reason: 'QUOTA_EXCEEDED', retryAfterMs: 17_000, throttlesProvider: true });
  });

  it('429 QUOTA_EXCEEDED without Retry-After: at least a minute for this message, no provider pause', () => {
    const result = classifyFcmResponse(rpc(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [fcmError('QUOTA_EXCEEDED')]), NOW);
    expect(result).toMatchObject({ code: 'RETRY_LATER', retryAfterMs: FCM_QUOTA_MIN_DELAY_MS, throttlesProvider: false });
  });

  it('503 with Retry-After: this message waits for it, the provider is not paused', () => {
    const result = classifyFcmResponse(
      rpc(503, 'UNAVAILABLE', 'unavailable', [fcmError('UNAVAILABLE')], { 'retry-after': '3' }),
      NOW,
    );
    expect(result).toMatchObject({ code: 'RETRY_LATER', retryAfterMs: 3_000, throttlesProvider: false });
  });
});
