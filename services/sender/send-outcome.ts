import type { ReceiptStatus } from '../shared/contracts/messages';

// The closed set of answers a provider can give us, after classification. Each code carries its
// decision (the receipt status it turns into, whether another attempt may help) and its metric label.
// Every provider's errors.ts maps its HTTP answers onto these codes; nothing downstream looks at
// provider-specific text.

export interface SendOutcomeSpec {
  /** Receipt status this outcome produces (RETRY_LATER becomes FAILED once attempts run out). */
  readonly receiptStatus: ReceiptStatus;
  /** Another attempt of the same message may succeed. */
  readonly retriable: boolean;
  readonly metricLabel: string;
  readonly description: string;
}

export const SEND_OUTCOMES = {
  ACCEPTED: {
    receiptStatus: 'ACCEPTED',
    retriable: false,
    metricLabel: 'accepted',
    description: 'The provider accepted the message for delivery.',
  },
  RETRY_LATER: {
    receiptStatus: 'RETRY_SCHEDULED',
    retriable: true,
    metricLabel: 'retry_later',
    description: 'Transient: provider overloaded, rate limited, 5xx, or the connection failed. Retry with backoff.',
  },
  TOKEN_DEAD: {
    receiptStatus: 'TOKEN_DEAD',
    retriable: false,
    metricLabel: 'token_dead',
    description: 'The token or subscription is gone or was never valid for us: deactivate the device.',
  },
  MESSAGE_REJECTED: {
    receiptStatus: 'MESSAGE_REJECTED',
    retriable: false,
    metricLabel: 'message_rejected',
    description: 'This message can never be accepted as it is (too big, bad header or field): fix the sender or renderer.',
  },
  CREDENTIALS_REJECTED: {
    receiptStatus: 'CREDENTIALS_REJECTED',
    retriable: false,
    metricLabel: 'credentials_rejected',
    description: "The provider rejected Herald's credentials (key, token, project, topic): fix the configuration.",
  },
} as const satisfies Record<string, SendOutcomeSpec>;

export type SendOutcomeCode = keyof typeof SEND_OUTCOMES;
export const SEND_OUTCOME_CODES = Object.keys(SEND_OUTCOMES) as readonly SendOutcomeCode[];

/** What the router must do before the outcome stands: refresh its auth token, or reconnect. */
export type Remedy = 'refresh_auth' | 'reconnect' | null;

export interface SendOutcome {
  readonly code: SendOutcomeCode;
  /** Machine-readable detail: the provider's error code (UNREGISTERED, BadDeviceToken, http_410) or a transport code. */
  readonly reason: string | null;
  /** HTTP status of the answer; null when no answer arrived (connect failure, timeout) or no request was made. */
  readonly httpStatus: number | null;
  /** FCM message name, APNs apns-id, Web Push Location; only on ACCEPTED. */
  readonly providerMessageId: string | null;
  /** Delay the provider asked for (Retry-After), milliseconds; null when it did not say. */
  readonly retryAfterMs: number | null;
  /** A 429 with Retry-After: nothing more goes to this provider (origin) until the delay elapses. */
  readonly throttlesProvider: boolean;
  readonly remedy: Remedy;
  /** Not sent at all: the endpoint's gate is closed until this instant (epoch ms). Null when a request was made. */
  readonly gatedUntilMs: number | null;
}

/** Builds an outcome with every optional part defaulted (status, message id, retry-after, remedy). */
export function outcome(code: SendOutcomeCode, reason: string | null, extras: Partial<Omit<SendOutcome, 'code' | 'reason'>> = {}): SendOutcome {
  return {
    code,
    reason,
    httpStatus: extras.httpStatus ?? null,
    providerMessageId: extras.providerMessageId ?? null,
    retryAfterMs: extras.retryAfterMs ?? null,
    throttlesProvider: extras.throttlesProvider ?? false,
    remedy: extras.remedy ?? null,
    gatedUntilMs: extras.gatedUntilMs ?? null,
  };
}

/** The hot path's outcome: one literal of the same shape as every other (no spread, no transitions). */
export function accepted(httpStatus: number, providerMessageId: string | null): SendOutcome {
  return {
    code: 'ACCEPTED',
    reason: null,
    httpStatus,
    providerMessageId,
    retryAfterMs: null,
    throttlesProvider: false,
    remedy: null,
    gatedUntilMs: null,
  };
}
