// The closed set of errors the registry answers with. Codes are Confluent Schema Registry's, so
// clients that branch on `error_code` (or on the HTTP status) behave as they do against Confluent.
// Generic HTTP failures use the HTTP status as the code, as Confluent's own server does.

export const REGISTRY_ERRORS = {
  badRequest: { code: 400, httpStatus: 400 },
  notFound: { code: 404, httpStatus: 404 },
  payloadTooLarge: { code: 413, httpStatus: 413 },
  unsupportedMediaType: { code: 415, httpStatus: 415 },
  incompatibleSchema: { code: 409, httpStatus: 409 },
  subjectNotFound: { code: 40401, httpStatus: 404 },
  versionNotFound: { code: 40402, httpStatus: 404 },
  schemaNotFound: { code: 40403, httpStatus: 404 },
  subjectConfigNotFound: { code: 40408, httpStatus: 404 },
  invalidSchema: { code: 42201, httpStatus: 422 },
  invalidVersion: { code: 42202, httpStatus: 422 },
  invalidCompatibilityLevel: { code: 42203, httpStatus: 422 },
  internal: { code: 500, httpStatus: 500 },
  storeError: { code: 50001, httpStatus: 500 },
  notImplemented: { code: 501, httpStatus: 501 },
} as const;

export type RegistryErrorKind = keyof typeof REGISTRY_ERRORS;
export type RegistryErrorCode = (typeof REGISTRY_ERRORS)[RegistryErrorKind]['code'];

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly code: RegistryErrorCode;
  readonly httpStatus: number;

  constructor(kind: RegistryErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.kind = kind;
    this.code = REGISTRY_ERRORS[kind].code;
    this.httpStatus = REGISTRY_ERRORS[kind].httpStatus;
  }

  toBody(): { error_code: RegistryErrorCode; message: string } {
    return { error_code: this.code, message: this.message };
  }
}

export const subjectNotFound = (subject: string): RegistryError =>
  new RegistryError('subjectNotFound', `Subject '${subject}' not found.`);

export const versionNotFound = (version: number | 'latest'): RegistryError =>
  new RegistryError('versionNotFound', `Version ${version} not found.`);

export const schemaNotFound = (detail = 'Schema not found'): RegistryError =>
  new RegistryError('schemaNotFound', detail);

export const invalidSchema = (detail: string): RegistryError =>
  new RegistryError('invalidSchema', `Invalid schema: ${detail}`);

export const invalidVersion = (raw: string): RegistryError =>
  new RegistryError(
    'invalidVersion',
    `The specified version '${raw}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  );

/** Errors thrown by anything but this module (bugs, library failures) are answered as 500. */
export function toRegistryError(error: unknown): RegistryError {
  if (error instanceof RegistryError) return error;
  return new RegistryError('internal', 'Internal Server Error', { cause: error });
}
