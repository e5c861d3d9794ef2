// The closed set of answers the API gives when it does not do what was asked. Each code knows its HTTP
// status; handlers throw ApiError with a code, and the error handler renders one body shape:
//   { statusCode, code, message, errors?: [{ field, reason }] }
// `field` is a path such as `body.subscription.keys.p256dh`, `query.limit` or `header.idempotency-key`.

export const API_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface FieldProblem {
  /** Where: `body.token`, `query.limit`, `params.deviceId`, `header.idempotency-key`. */
  readonly field: string;
  readonly reason: string;
}

export interface ApiErrorBody {
  readonly statusCode: number;
  readonly code: ApiErrorCode;
  readonly message: string;
  readonly errors?: readonly FieldProblem[];
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly problems: readonly FieldProblem[];
  /** Extra response headers (WWW-Authenticate, Retry-After). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { problems?: readonly FieldProblem[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = API_ERROR_STATUS[code];
    this.problems = options.problems ?? [];
    this.headers = options.headers ?? {};
  }

  toBody(): ApiErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(this.problems.length > 0 ? { errors: this.problems } : {}),
    };
  }
}

/** A 400 naming every bad field; the message lists them so a person reading only it knows what to fix. */
export function validationError(problems: readonly FieldProblem[]): ApiError {
  const message = problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
  return new ApiError('VALIDATION_FAILED', message, { problems });
}

export function fieldError(field: string, reason: string): ApiError {
  return validationError([{ field, reason }]);
}

export const unauthenticated = (message: string): ApiError =>
  new ApiError('UNAUTHENTICATED', message, { headers: { 'www-authenticate': 'Bearer realm="herald"' } });

export const forbidden = (message: string): ApiError => new ApiError('FORBIDDEN', message);

export const notFound = (what: string): ApiError => new ApiError('NOT_FOUND', `${what} not found`);
