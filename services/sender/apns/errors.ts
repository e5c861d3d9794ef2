import { accepted, outcome, type Remedy, type SendOutcome, type SendOutcomeCode } from '../send-outcome';
import { headerOf, type ProviderResponse } from '../http2/h2-response';
import { parseRetryAfterMs } from '../retry-after';

// APNs answers → SendOutcome, table-driven from reference/providers.md §2.5: the JSON `reason` decides;
// the HTTP status is the fallback for reasons Apple adds later.

interface Rule {
  readonly code: SendOutcomeCode;
  readonly remedy?: Remedy;
}

export const APNS_REASON_RULES: Readonly<Record<string, Rule>> = {
  BadCollapseId: { code: 'MESSAGE_REJECTED' },
  BadDeviceToken: { code: 'TOKEN_DEAD' },
  BadExpirationDate: { code: 'MESSAGE_REJECTED' },
  BadMessageId: { code: 'MESSAGE_REJECTED' },
  BadPriority: { code: 'MESSAGE_REJECTED' },
  BadTopic: { code: 'MESSAGE_REJECTED' },
  DuplicateHeaders: { code: 'MESSAGE_REJECTED' },
  InvalidPushType: { code: 'MESSAGE_REJECTED' },
  MissingDeviceToken: { code: 'MESSAGE_REJECTED' },
  MissingTopic: { code: 'MESSAGE_REJECTED' },
  PayloadEmpty: { code: 'MESSAGE_REJECTED' },
  DeviceTokenNotForTopic: { code: 'TOKEN_DEAD' },
  TopicDisallowed: { code: 'CREDENTIALS_REJECTED' },
  IdleTimeout: { code: 'RETRY_LATER', remedy: 'reconnect' },
  // Our JWT is over an hour old: sign a new one and resend (the router does it once, inline).
  ExpiredProviderToken: { code: 'RETRY_LATER', remedy: 'refresh_auth' },
  InvalidProviderToken: { code: 'CREDENTIALS_REJECTED' },
  MissingProviderToken: { code: 'CREDENTIALS_REJECTED' },
  BadCertificate: { code: 'CREDENTIALS_REJECTED' },
  BadCertificateEnvironment: { code: 'CREDENTIALS_REJECTED' },
  Forbidden: { code: 'CREDENTIALS_REJECTED' },
  UnrelatedKeyIdInToken: { code: 'CREDENTIALS_REJECTED' },
  BadEnvironmentKeyIdInToken: { code: 'CREDENTIALS_REJECTED' },
  BadPath: { code: 'MESSAGE_REJECTED' },
  MethodNotAllowed: { code: 'MESSAGE_REJECTED' },
  Unregistered: { code: 'TOKEN_DEAD' },
  ExpiredToken: { code: 'TOKEN_DEAD' },
  PayloadTooLarge: { code: 'MESSAGE_REJECTED' },
  // Keep the JWT we have (a new one would make it worse) and retry later.
  TooManyProviderTokenUpdates: { code: 'RETRY_LATER' },
  // Too many pushes to this one device: only this message waits.
  TooManyRequests: { code: 'RETRY_LATER' },
  InternalServerError: { code: 'RETRY_LATER' },
  ServiceUnavailable: { code: 'RETRY_LATER' },
  // The server is going away: retry on a new connection.
  Shutdown: { code: 'RETRY_LATER', remedy: 'reconnect' },
};

export function classifyApnsResponse(response: ProviderResponse, nowMs: number): SendOutcome {
  const { status } = response;
  if (status === 200) return accepted(status, headerOf(response.headers, 'apns-id') ?? null);
  const reason = parseReason(response.body);
  const rule = (reason === null ? undefined : APNS_REASON_RULES[reason]) ?? { code: byHttpStatus(status) };
  const retryAfterMs = parseRetryAfterMs(headerOf(response.headers, 'retry-after'), nowMs);
  return outcome(rule.code, reason ?? `http_${status}`, {
    httpStatus: status,
    remedy: rule.remedy ?? null,
    retryAfterMs: rule.code === 'RETRY_LATER' ? retryAfterMs : null,
    // APNs documents no Retry-After; should a 429 carry one anyway, respect it for the whole endpoint,
    // except for JWT-refresh complaints, which are about our token and not about load.
    throttlesProvider: status === 429 && retryAfterMs !== null && reason !== 'TooManyProviderTokenUpdates',
  });
}

function byHttpStatus(status: number): SendOutcomeCode {
  if (status === 410) return 'TOKEN_DEAD';
  if (status === 403) return 'CREDENTIALS_REJECTED';
  if (status === 429 || status >= 500 || status < 200) return 'RETRY_LATER';
  if (status >= 400) return 'MESSAGE_REJECTED';
  return 'RETRY_LATER';
}

function parseReason(body: string): string | null {
  if (body.length === 0) return null;
  try {
    const parsed = JSON.parse(body) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : null;
  } catch {
    return null;
  }
}
