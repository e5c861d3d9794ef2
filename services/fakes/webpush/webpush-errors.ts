import { STATUS_CODES } from 'node:http';
import { jsonResponse, type FakeResponse } from '../shared/fake-http';

/** Mozilla autopush's error numbers [W7] (autoendpoint error.rs, notification_headers.rs). */
export const WEBPUSH_ERRNO = {
  invalidToken: 102,
  noUser: 103,
  payloadTooLarge: 104,
  noSubscription: 106,
  invalidAuthentication: 109,
  invalidEncryption: 110,
  missingTtl: 111,
  invalidTopic: 113,
  negativeTtl: 114,
} as const;

export type WebPushReason =
  | 'MissingTtl' | 'InvalidTtl' | 'InvalidUrgency' | 'InvalidTopic' | 'InvalidEncryption' | 'MissingVapid'
  | 'InvalidVapid' | 'VapidKeyMismatch' | 'NotFound' | 'Gone' | 'PayloadTooLarge' | 'TooManyRequests'
  | 'InternalServerError' | 'ServiceUnavailable' | 'MethodNotAllowed';

/** One Web Push error answer: status, autopush errno and message, optional Retry-After. */
export interface WebPushError {
  status: number;
  reason: WebPushReason;
  errno: number | null;
  message: string;
  retryAfterSeconds?: number;
}

export const webPushErrors = {
  missingTtl: (): WebPushError => ({ status: 400, reason: 'MissingTtl', errno: WEBPUSH_ERRNO.missingTtl, message: 'Missing TTL value' }),
  negativeTtl: (): WebPushError => ({ status: 400, reason: 'InvalidTtl', errno: WEBPUSH_ERRNO.negativeTtl, message: 'TTL must be greater than 0' }),
  invalidUrgency: (): WebPushError => ({ status: 400, reason: 'InvalidUrgency', errno: null, message: 'Urgency must be one of very-low, low, normal, high' }),
  invalidTopic: (message: string): WebPushError => ({ status: 400, reason: 'InvalidTopic', errno: WEBPUSH_ERRNO.invalidTopic, message }),
  invalidEncryption: (message: string): WebPushError => ({ status: 400, reason: 'InvalidEncryption', errno: WEBPUSH_ERRNO.invalidEncryption, message }),
  missingVapid: (): WebPushError => ({ status: 401, reason: 'MissingVapid', errno: WEBPUSH_ERRNO.invalidAuthentication, message: 'Missing VAPID Authorization header' }),
  invalidVapid: (message: string): WebPushError => ({ status: 403, reason: 'InvalidVapid', errno: WEBPUSH_ERRNO.invalidAuthentication, message }),
  vapidKeyMismatch: (): WebPushError => ({
    status: 403,
    reason: 'VapidKeyMismatch',
    errno: WEBPUSH_ERRNO.invalidAuthentication,
    message: "VAPID public key does not match the subscription's applicationServerKey",
  }),
  notFound: (): WebPushError => ({ status: 404, reason: 'NotFound', errno: WEBPUSH_ERRNO.invalidToken, message: 'Invalid token' }),
  gone: (): WebPushError => ({ status: 410, reason: 'Gone', errno: WEBPUSH_ERRNO.noSubscription, message: 'No such subscription' }),
  payloadTooLarge: (): WebPushError => ({ status: 413, reason: 'PayloadTooLarge', errno: WEBPUSH_ERRNO.payloadTooLarge, message: 'A payload reached size limit.' }),
  tooManyRequests: (retryAfterSeconds: number): WebPushError => ({ status: 429, reason: 'TooManyRequests', errno: null, message: 'Too many requests', retryAfterSeconds }),
  internal: (): WebPushError => ({ status: 500, reason: 'InternalServerError', errno: 999, message: 'General error' }),
  unavailable: (retryAfterSeconds: number): WebPushError => ({ status: 503, reason: 'ServiceUnavailable', errno: null, message: 'Service unavailable', retryAfterSeconds }),
  methodNotAllowed: (): WebPushError => ({ status: 405, reason: 'MethodNotAllowed', errno: null, message: 'Method not allowed' }),
};

const MORE_INFO = 'http://autopush.readthedocs.io/en/latest/http.html#error-codes';

/** autopush's body: {code, errno, error, message, more_info}; 410 is cacheable for a day. */
export function webPushErrorResponse(error: WebPushError): FakeResponse {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.status === 410) headers['cache-control'] = 'max-age=86400';
  if (error.status === 405) headers.allow = 'POST';
  return jsonResponse(
    error.status,
    { code: error.status, errno: error.errno, error: STATUS_CODES[error.status] ?? 'Error', message: error.message, more_info: MORE_INFO },
    headers,
  );
}
