// The closed set of pipeline error codes. Each code carries its decision (retry or dead-letter), its
// metric label and the HTTP status an API answer would use. Runners decide from `code`, never from
// message text.

export type ErrorDecision = 'retry' | 'dead_letter';

export interface ErrorCodeSpec {
  readonly retriable: boolean;
  readonly decision: ErrorDecision;
  readonly metricLabel: string;
  readonly httpStatus: number;
  readonly description: string;
}

export const ERROR_CODES = {
  DECODE_FAILED: {
    retriable: false,
    decision: 'dead_letter',
    metricLabel: 'decode_failed',
    httpStatus: 400,
    description: 'Bytes are not a valid Confluent-framed Avro message (bad magic byte, truncated or corrupt body).',
  },
  SCHEMA_NOT_FOUND: {
    retriable: false,
    decision: 'dead_letter',
    metricLabel: 'schema_not_found',
    httpStatus: 422,
    description: 'The schema id in the frame (or the subject) is unknown to the schema registry.',
  },
  INVALID_MESSAGE: {
    retriable: false,
    decision: 'dead_letter',
    metricLabel: 'invalid_message',
    httpStatus: 422,
    description: 'The message decoded but its content breaks the contract (missing or malformed field).',
  },
  PROCESSING_FAILED: {
    retriable: false,
    decision: 'dead_letter',
    metricLabel: 'processing_failed',
    httpStatus: 500,
    description: 'The handler cannot process this message and retrying will not help.',
  },
  RETRIES_EXHAUSTED: {
    retriable: false,
    decision: 'dead_letter',
    metricLabel: 'retries_exhausted',
    httpStatus: 503,
    description: 'A retriable failure persisted through every allowed attempt.',
  },
  TRANSIENT: {
    retriable: true,
    decision: 'retry',
    metricLabel: 'transient',
    httpStatus: 503,
    description: 'A dependency is temporarily unavailable (broker, registry, database); retry later.',
  },
  UNEXPECTED: {
    retriable: true,
    decision: 'retry',
    metricLabel: 'unexpected',
    httpStatus: 500,
    description:
      'A throw that is not a HeraldError. Retried like TRANSIENT (it may be an outage) and dead-lettered ' +
      'as RETRIES_EXHAUSTED if it persists, so nothing is lost.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as readonly ErrorCode[];

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly decision: ErrorDecision;
  readonly metricLabel: string;
  readonly httpStatus: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const spec: ErrorCodeSpec = ERROR_CODES[code];
    this.name = 'HeraldError';
    this.code = code;
    this.retriable = spec.retriable;
    this.decision = spec.decision;
    this.metricLabel = spec.metricLabel;
    this.httpStatus = spec.httpStatus;
  }
}

export function isHeraldError(error: unknown): error is HeraldError {
  return error instanceof HeraldError;
}

/** Any throwable as a HeraldError: HeraldErrors pass through, everything else becomes UNEXPECTED. */
export function toHeraldError(error: unknown): HeraldError {
  if (error instanceof HeraldError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new HeraldError('UNEXPECTED', message, { cause: error });
}
