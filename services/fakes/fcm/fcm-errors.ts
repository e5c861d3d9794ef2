import { jsonResponse, type FakeResponse } from '../shared/fake-http';
import type { FieldViolation } from './fcm-proto-json';

export const FCM_ERROR_CODES = [
  'UNSPECIFIED_ERROR', 'INVALID_ARGUMENT', 'UNREGISTERED', 'SENDER_ID_MISMATCH', 'QUOTA_EXCEEDED',
  'UNAVAILABLE', 'INTERNAL', 'THIRD_PARTY_AUTH_ERROR',
] as const;
export type FcmErrorCode = (typeof FCM_ERROR_CODES)[number];

export type RpcStatus =
  | 'INVALID_ARGUMENT' | 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL' | 'UNAVAILABLE';

/** One FCM error answer: enough to build Google's google.rpc.Status body and headers. */
export interface FcmError {
  httpStatus: number;
  status: RpcStatus;
  message: string;
  errorCode?: FcmErrorCode;
  apnsError?: { statusCode: number; reason: string };
  fieldViolations?: FieldViolation[];
  retryAfterSeconds?: number;
}

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const APNS_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.ApnsError';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';
const CREDENTIAL_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. ' +
  'See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const fcmErrors = {
  missingCredential: (): FcmError => ({
    httpStatus: 401,
    status: 'UNAUTHENTICATED',
    message: `Request is missing required authentication credential. ${CREDENTIAL_HINT}`,
  }),
  invalidCredential: (): FcmError => ({
    httpStatus: 401,
    status: 'UNAUTHENTICATED',
    message: `Request had invalid authentication credentials. ${CREDENTIAL_HINT}`,
  }),
  permissionDenied: (project: string): FcmError => ({
    httpStatus: 403,
    status: 'PERMISSION_DENIED',
    message: `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${project}' (or it may not exist).`,
  }),
  /** A schema violation: google.rpc.BadRequest only, no FcmError (e.g. a non-string data value). */
  badRequest: (violations: FieldViolation[]): FcmError => ({
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message: violations.map((v) => v.description).join('\n'),
    fieldViolations: violations,
  }),
  invalidArgument: (message: string, field?: string): FcmError => ({
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message,
    errorCode: 'INVALID_ARGUMENT',
    ...(field === undefined ? {} : { fieldViolations: [{ field, description: message }] }),
  }),
  invalidRegistration: (): FcmError => ({
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message: 'The registration token is not a valid FCM registration token',
    errorCode: 'INVALID_ARGUMENT',
  }),
  apnsUnregistered: (): FcmError => ({
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message: 'APNs device token is disabled.',
    errorCode: 'INVALID_ARGUMENT',
    apnsError: { statusCode: 410, reason: 'Unregistered' },
  }),
  thirdPartyAuth: (): FcmError => ({
    httpStatus: 401,
    status: 'UNAUTHENTICATED',
    message: 'Auth error from APNS or Web Push Service',
    errorCode: 'THIRD_PARTY_AUTH_ERROR',
    apnsError: { statusCode: 403, reason: 'InvalidProviderToken' },
  }),
  senderIdMismatch: (): FcmError => ({
    httpStatus: 403,
    status: 'PERMISSION_DENIED',
    message: 'SenderId mismatch',
    errorCode: 'SENDER_ID_MISMATCH',
  }),
  unregistered: (): FcmError => ({
    httpStatus: 404,
    status: 'NOT_FOUND',
    message: 'Requested entity was not found.',
    errorCode: 'UNREGISTERED',
  }),
  quotaExceeded: (retryAfterSeconds: number): FcmError => ({
    httpStatus: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: 'Quota exceeded for quota metric \'Send requests\' and limit \'Send requests per minute\'.',
    errorCode: 'QUOTA_EXCEEDED',
    retryAfterSeconds,
  }),
  internal: (): FcmError => ({
    httpStatus: 500,
    status: 'INTERNAL',
    message: 'Internal error encountered.',
    errorCode: 'INTERNAL',
  }),
  unavailable: (retryAfterSeconds: number): FcmError => ({
    httpStatus: 503,
    status: 'UNAVAILABLE',
    message: 'The service is currently unavailable.',
    errorCode: 'UNAVAILABLE',
    retryAfterSeconds,
  }),
};

/** google.rpc.Status JSON as FCM sends it: FcmError detail first, then ApnsError, then BadRequest. */
export interface GoogleRpcStatusBody {
  error: { code: number; message: string; status: RpcStatus; details?: Array<Record<string, unknown>> };
}

export function fcmErrorBody(error: FcmError): GoogleRpcStatusBody {
  const details: Array<Record<string, unknown>> = [];
  if (error.errorCode) details.push({ '@type': FCM_ERROR_TYPE, errorCode: error.errorCode });
  if (error.apnsError) details.push({ '@type': APNS_ERROR_TYPE, ...error.apnsError });
  if (error.fieldViolations?.length) details.push({ '@type': BAD_REQUEST_TYPE, fieldViolations: error.fieldViolations });
  return {
    error: {
      code: error.httpStatus,
      message: error.message,
      status: error.status,
      ...(details.length ? { details } : {}),
    },
  };
}

export function fcmErrorResponse(error: FcmError): FakeResponse {
  const headers: Record<string, string> = { vary: 'X-Origin, Referer, Origin,Accept-Encoding' };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.httpStatus === 401) headers['www-authenticate'] = 'Bearer realm="https://accounts.google.com/"';
  return jsonResponse(error.httpStatus, fcmErrorBody(error), headers);
}

/** Google's front end answers unknown URLs with an HTML page, not JSON. */
export function googleHtmlError(status: 404 | 405, path: string): FakeResponse {
  const title = status === 404 ? 'Not Found' : 'Method Not Allowed';
  const text = status === 404 ? `The requested URL <code>${escapeHtml(path)}</code> was not found on this server.` : `The request method is not supported for <code>${escapeHtml(path)}</code>.`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=UTF-8', ...(status === 405 ? { allow: 'POST' } : {}) },
    body: `<!DOCTYPE html>\n<html lang=en>\n<title>Error ${status} (${title})!!1</title>\n<p><b>${status}.</b> <ins>That’s an error.</ins>\n<p>${text} <ins>That’s all we know.</ins>\n`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
