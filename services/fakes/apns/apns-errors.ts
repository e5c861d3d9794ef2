import type { FakeResponse } from '../shared/fake-http';

/** APNs error reasons with their :status [A2]. BadPayload is the fake's own (malformed JSON). */
export const APNS_REASON_STATUS = {
  BadCollapseId: 400,
  BadDeviceToken: 400,
  BadExpirationDate: 400,
  BadMessageId: 400,
  BadPriority: 400,
  BadTopic: 400,
  DeviceTokenNotForTopic: 400,
  DuplicateHeaders: 400,
  IdleTimeout: 400,
  InvalidPushType: 400,
  MissingDeviceToken: 400,
  MissingTopic: 400,
  PayloadEmpty: 400,
  TopicDisallowed: 400,
  BadPayload: 400,
  BadCertificate: 403,
  BadCertificateEnvironment: 403,
  ExpiredProviderToken: 403,
  Forbidden: 403,
  InvalidProviderToken: 403,
  MissingProviderToken: 403,
  UnrelatedKeyIdInToken: 403,
  BadEnvironmentKeyIdInToken: 403,
  BadPath: 404,
  MethodNotAllowed: 405,
  ExpiredToken: 410,
  Unregistered: 410,
  PayloadTooLarge: 413,
  TooManyProviderTokenUpdates: 429,
  TooManyRequests: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
  Shutdown: 503,
} as const;

export type ApnsReason = keyof typeof APNS_REASON_STATUS;

/** `{"reason": ...}`, plus `timestamp` (epoch ms) on 410; `apns-id` header on every answer. */
export function apnsErrorResponse(reason: ApnsReason, apnsId: string, timestampMs?: number): FakeResponse {
  const status = APNS_REASON_STATUS[reason];
  const body = status === 410 ? { reason, timestamp: timestampMs ?? 0 } : { reason };
  return { status, headers: { 'apns-id': apnsId, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
