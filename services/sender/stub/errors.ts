import { accepted, outcome, type SendOutcome } from '../send-outcome';
import { headerOf, type ProviderResponse } from '../http2/h2-response';
import { parseRetryAfterMs } from '../retry-after';

/** The stub's answers → SendOutcome, the same shape of table as the real providers'. */
export function classifyStubResponse(response: ProviderResponse, nowMs: number): SendOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return accepted(status, headerOf(response.headers, 'x-message-id') ?? null);
  const reason = `http_${status}`;
  if (status === 401 || status === 403) return outcome('CREDENTIALS_REJECTED', reason, { httpStatus: status });
  if (status === 404 || status === 410) return outcome('TOKEN_DEAD', reason, { httpStatus: status });
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfterMs(headerOf(response.headers, 'retry-after'), nowMs);
    return outcome('RETRY_LATER', reason, { httpStatus: status, retryAfterMs, throttlesProvider: status === 429 && retryAfterMs !== null });
  }
  return outcome('MESSAGE_REJECTED', reason, { httpStatus: status });
}
