import { accepted, outcome, type SendOutcome, type SendOutcomeCode, type Remedy } from '../send-outcome';
import type { ProviderResponse } from '../http2/h2-response';
import { headerOf } from '../http2/h2-response';
import { parseRetryAfterMs } from '../retry-after';

// FCM HTTP v1 answers → SendOutcome, table-driven from reference/providers.md §1.4. Precedence follows
// firebase-admin: the FcmError `errorCode` detail first, then the google.rpc `status`, then the HTTP
// status (non-JSON bodies, e.g. Google's HTML 404).

/** Google asks for at least a minute before retrying a quota 429 that carries no Retry-After [F1]. */
export const FCM_QUOTA_MIN_DELAY_MS = 60_000;

interface Rule {
  readonly code: SendOutcomeCode;
  readonly remedy?: Remedy;
}

/** FcmError.errorCode → outcome. INVALID_ARGUMENT and UNSPECIFIED_ERROR need the refinements below. */
export const FCM_ERROR_CODE_RULES: Readonly<Record<string, Rule>> = {
  UNREGISTERED: { code: 'TOKEN_DEAD' },
  SENDER_ID_MISMATCH: { code: 'TOKEN_DEAD' },
  THIRD_PARTY_AUTH_ERROR: { code: 'CREDENTIALS_REJECTED' },
  QUOTA_EXCEEDED: { code: 'RETRY_LATER' },
  UNAVAILABLE: { code: 'RETRY_LATER' },
  INTERNAL: { code: 'RETRY_LATER' },
  INVALID_ARGUMENT: { code: 'MESSAGE_REJECTED' },
};

/** google.rpc status → outcome, when no FcmError detail says more. */
export const FCM_RPC_STATUS_RULES: Readonly<Record<string, Rule>> = {
  INVALID_ARGUMENT: { code: 'MESSAGE_REJECTED' },
  // The OAuth token expired or was revoked: refresh it and try once more before blaming the credentials.
  UNAUTHENTICATED: { code: 'CREDENTIALS_REJECTED', remedy: 'refresh_auth' },
  PERMISSION_DENIED: { code: 'CREDENTIALS_REJECTED' },
  // firebase-admin maps a bare NOT_FOUND to registration-token-not-registered.
  NOT_FOUND: { code: 'TOKEN_DEAD' },
  RESOURCE_EXHAUSTED: { code: 'RETRY_LATER' },
  INTERNAL: { code: 'RETRY_LATER' },
  UNAVAILABLE: { code: 'RETRY_LATER' },
};

interface RpcError {
  readonly status: string | null;
  readonly errorCode: string | null;
  readonly apnsReason: string | null;
  readonly tokenFieldViolation: boolean;
  readonly message: string;
}

/**
 * FCM's only signal for a malformed registration token is this documented sentence under a plain
 * INVALID_ARGUMENT [F1][F2] (or a field violation on message.token); there is no code for it.
 */
const INVALID_TOKEN_SENTENCE = 'registration token is not a valid FCM registration token';

export function classifyFcmResponse(response: ProviderResponse, nowMs: number): SendOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return accepted(status, messageName(response.body));
  const retryAfterMs = parseRetryAfterMs(headerOf(response.headers, 'retry-after'), nowMs);
  const rpc = parseRpcError(response.body);
  const decided = decide(status, rpc);
  const reason = decided.reason;
  if (decided.rule.code !== 'RETRY_LATER') {
    return outcome(decided.rule.code, reason, { httpStatus: status, remedy: decided.rule.remedy ?? null });
  }
  if (status === 429) {
    // A quota 429 with Retry-After is project-wide: pause the whole provider. Without it, Google still
    // asks for at least a minute, but it may be one device's rate, so only this message waits.
    return outcome('RETRY_LATER', reason, {
      httpStatus: status,
      retryAfterMs: retryAfterMs ?? FCM_QUOTA_MIN_DELAY_MS,
      throttlesProvider: retryAfterMs !== null,
    });
  }
  return outcome('RETRY_LATER', reason, { httpStatus: status, retryAfterMs });
}

function decide(status: number, rpc: RpcError | null): { rule: Rule; reason: string } {
  if (rpc?.errorCode === 'INVALID_ARGUMENT' || (rpc && !rpc.errorCode && rpc.status === 'INVALID_ARGUMENT')) {
    if (rpc.apnsReason === 'Unregistered') return { rule: { code: 'TOKEN_DEAD' }, reason: 'APNS_UNREGISTERED' };
    if (rpc.tokenFieldViolation || rpc.message.includes(INVALID_TOKEN_SENTENCE)) {
      return { rule: { code: 'TOKEN_DEAD' }, reason: 'INVALID_REGISTRATION' };
    }
  }
  const byCode = rpc?.errorCode ? FCM_ERROR_CODE_RULES[rpc.errorCode] : undefined;
  if (byCode && rpc?.errorCode) return { rule: byCode, reason: rpc.errorCode };
  const byStatus = rpc?.status ? FCM_RPC_STATUS_RULES[rpc.status] : undefined;
  if (byStatus && rpc?.status) return { rule: byStatus, reason: rpc.status };
  return { rule: { code: byHttpStatus(status) }, reason: rpc?.errorCode ?? rpc?.status ?? `http_${status}` };
}

/** Non-JSON or unknown answers: 5xx and 429 are transient; 401/403/404/405 mean our URL or credentials are wrong. */
function byHttpStatus(status: number): SendOutcomeCode {
  if (status === 429 || status >= 500 || status < 200) return 'RETRY_LATER';
  if (status === 401 || status === 403 || status === 404 || status === 405) return 'CREDENTIALS_REJECTED';
  return status >= 400 ? 'MESSAGE_REJECTED' : 'RETRY_LATER';
}

function messageName(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : null;
  } catch {
    return null;
  }
}

interface RawDetail {
  '@type'?: unknown;
  errorCode?: unknown;
  reason?: unknown;
  fieldViolations?: unknown;
}

function parseRpcError(body: string): RpcError | null {
  let parsed: { error?: { status?: unknown; message?: unknown; details?: unknown } };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return null;
  }
  const error = parsed?.error;
  if (typeof error !== 'object' || error === null) return null;
  const details = Array.isArray(error.details) ? (error.details as RawDetail[]) : [];
  let errorCode: string | null = null;
  let apnsReason: string | null = null;
  let tokenFieldViolation = false;
  for (const detail of details) {
    const type = typeof detail['@type'] === 'string' ? detail['@type'] : '';
    if (type.endsWith('.FcmError') && typeof detail.errorCode === 'string') errorCode = detail.errorCode;
    if (type.endsWith('.ApnsError') && typeof detail.reason === 'string') apnsReason = detail.reason;
    if (type.endsWith('.BadRequest') && Array.isArray(detail.fieldViolations)) {
      tokenFieldViolation ||= (detail.fieldViolations as Array<{ field?: unknown }>).some(
        (v) => v.field === 'message.token' || v.field === 'token',
      );
    }
  }
  return {
    status: typeof error.status === 'string' ? error.status : null,
    errorCode,
    apnsReason,
    tokenFieldViolation,
    message: typeof error.message === 'string' ? error.message : '',
  };
}
