import { accepted, outcome, type SendOutcome, type SendOutcomeCode } from '../send-outcome';
import { headerOf, type ProviderResponse } from '../http2/h2-response';
import { parseRetryAfterMs } from '../retry-after';

// Web Push (RFC 8030) answers → SendOutcome, table-driven from reference/providers.md §3.4. Push
// services differ in bodies (autopush errno, FCM JSON, Apple text), so only the HTTP status decides.

interface Rule {
  readonly code: SendOutcomeCode;
  readonly reason: string;
}

export const WEBPUSH_STATUS_RULES: Readonly<Record<number, Rule>> = {
  400: { code: 'MESSAGE_REJECTED', reason: 'BadRequest' },
  // VAPID missing, invalid, or not the key the subscription was made with.
  401: { code: 'CREDENTIALS_REJECTED', reason: 'Unauthorized' },
  403: { code: 'CREDENTIALS_REJECTED', reason: 'Forbidden' },
  404: { code: 'TOKEN_DEAD', reason: 'NotFound' },
  410: { code: 'TOKEN_DEAD', reason: 'Gone' },
  413: { code: 'MESSAGE_REJECTED', reason: 'PayloadTooLarge' },
  429: { code: 'RETRY_LATER', reason: 'TooManyRequests' },
  500: { code: 'RETRY_LATER', reason: 'InternalServerError' },
  502: { code: 'RETRY_LATER', reason: 'BadGateway' },
  503: { code: 'RETRY_LATER', reason: 'ServiceUnavailable' },
  504: { code: 'RETRY_LATER', reason: 'GatewayTimeout' },
};

export function classifyWebPushResponse(response: ProviderResponse, nowMs: number): SendOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return accepted(status, headerOf(response.headers, 'location') ?? null);
  const rule = WEBPUSH_STATUS_RULES[status] ?? fallback(status);
  if (rule.code !== 'RETRY_LATER') return outcome(rule.code, rule.reason, { httpStatus: status });
  const retryAfterMs = parseRetryAfterMs(headerOf(response.headers, 'retry-after'), nowMs);
  return outcome('RETRY_LATER', rule.reason, {
    httpStatus: status,
    retryAfterMs,
    throttlesProvider: status === 429 && retryAfterMs !== null,
  });
}

function fallback(status: number): Rule {
  const reason = `http_${status}`;
  if (status >= 500 || status < 200) return { code: 'RETRY_LATER', reason };
  if (status >= 400) return { code: 'MESSAGE_REJECTED', reason };
  return { code: 'RETRY_LATER', reason };
}
