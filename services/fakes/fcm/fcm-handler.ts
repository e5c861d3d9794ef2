import type { BehaviourBook } from '../shared/behaviour-book';
import { headerValue, jsonResponse, type FakeHandler, type FakeRequest, type FakeResponse } from '../shared/fake-http';
import { headersForInspection, type InspectionStore } from '../shared/inspection-store';
import type { FcmTokenState } from '../shared/provider';
import { checkFcmAuth, type FcmAuthConfig } from './fcm-auth';
import { fcmErrorResponse, fcmErrors, googleHtmlError, type FcmError } from './fcm-errors';
import { validateFcmRequest } from './fcm-validate';

export interface FcmHandlerDeps {
  auth: FcmAuthConfig;
  behaviour: BehaviourBook;
  store: InspectionStore;
  clock: () => number;
  /** The id part of `projects/{p}/messages/{id}`. */
  newMessageId: () => string;
}

/** Largest request body read, in bytes; Google rejects bigger requests before parsing them. */
export const FCM_MAX_REQUEST_BYTES = 65_536;

const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages(?::|%3A)send$/i;

const TOKEN_STATE_ERRORS: Record<FcmTokenState, () => FcmError> = {
  unregistered: fcmErrors.unregistered,
  'sender-id-mismatch': fcmErrors.senderIdMismatch,
  'invalid-registration': fcmErrors.invalidRegistration,
  'apns-unregistered': fcmErrors.apnsUnregistered,
  'third-party-auth-error': fcmErrors.thirdPartyAuth,
};

/** FCM HTTP v1 `messages:send`, wired from the pure checks and the scripted behaviour. */
export function createFcmHandler(deps: FcmHandlerDeps): FakeHandler<unknown> {
  return (request) => {
    const match = SEND_PATH.exec(request.path);
    if (!match) return googleHtmlError(404, request.path);
    if (request.method !== 'POST') return googleHtmlError(405, request.path);
    const project = decodeURIComponent(match[1]!);
    const reply = (error: FcmError, target = '', message?: unknown): FakeResponse => {
      deps.store.record('fcm', error.httpStatus, error.errorCode ?? error.status, () =>
        captured(request, target, deps.clock(), error.httpStatus, error.errorCode ?? error.status, message, undefined),
      );
      return fcmErrorResponse(error);
    };

    const authError = checkFcmAuth(headerValue(request.headers, 'authorization'), project, deps.auth);
    if (authError) return reply(authError);
    if (request.bodyTooLarge) {
      return reply(fcmErrors.invalidArgument(`Request payload size exceeds the limit: ${FCM_MAX_REQUEST_BYTES} bytes.`));
    }
    const validation = validateFcmRequest(request.body);
    const target = validation.ok ? validation.target.value : '';
    const scripted = deps.behaviour.decide('fcm', target, project);
    if (scripted.kind === 'server-error') {
      return reply(scripted.status === 503 ? fcmErrors.unavailable(scripted.retryAfterSeconds) : fcmErrors.internal(), target);
    }
    if (scripted.kind === 'throttled') return reply(fcmErrors.quotaExceeded(scripted.retryAfterSeconds), target);
    if (!validation.ok) return reply(validation.error);
    const state = validation.target.kind === 'token' ? deps.behaviour.tokenState('fcm', target) : undefined;
    if (state) return reply(TOKEN_STATE_ERRORS[state.state as FcmTokenState](), target, validation.message);

    const name = `projects/${project}/messages/${validation.validateOnly ? 'fake_message_id' : deps.newMessageId()}`;
    deps.store.record('fcm', 200, undefined, () =>
      captured(request, target, deps.clock(), 200, undefined, validation.message, name, validation.validateOnly),
    );
    return jsonResponse(200, { name }, { vary: 'X-Origin, Referer, Origin,Accept-Encoding' });
  };
}

function captured(
  request: FakeRequest<unknown>,
  token: string,
  atMs: number,
  status: number,
  reason: string | undefined,
  payload: unknown,
  messageId: string | undefined,
  validateOnly = false,
) {
  return {
    provider: 'fcm' as const,
    token,
    atMs,
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(messageId === undefined ? {} : { messageId }),
    headers: headersForInspection(request.headers),
    payload,
    ...(validateOnly ? { validateOnly } : {}),
  };
}
