import { randomUUID } from 'node:crypto';
import type { BehaviourBook } from '../shared/behaviour-book';
import { headerValue, type FakeHandler, type FakeRequest, type FakeResponse } from '../shared/fake-http';
import { headersForInspection, type InspectionStore, type ReceivedPush } from '../shared/inspection-store';
import type { ApnsTokenState } from '../shared/provider';
import { apnsErrorResponse, type ApnsReason } from './apns-errors';
import {
  checkProviderTokenAge,
  checkProviderTokenRefresh,
  checkProviderTokenSignature,
  type ApnsJwtPolicy,
  type ApnsKey,
  type SignatureCheck,
} from './apns-jwt';
import { APNS_ID, routeApnsRequest, validateApnsNotification } from './apns-validate';

export interface ApnsConnectionState {
  /** A request with a valid token succeeded on this connection (the stream limit was raised). */
  authenticated: boolean;
  /** `iat` of the last accepted provider token on this connection. */
  lastIat?: number;
}

export interface ApnsHandlerDeps {
  keys: ReadonlyMap<string, ApnsKey>;
  policy: ApnsJwtPolicy;
  /** SETTINGS_MAX_CONCURRENT_STREAMS after the first authenticated success (observed: 500). */
  authenticatedMaxConcurrentStreams: number;
  behaviour: BehaviourBook;
  store: InspectionStore;
  clock: () => number;
}

const TOKEN_STATE_REASONS: Record<ApnsTokenState, ApnsReason> = {
  unregistered: 'Unregistered',
  'expired-token': 'ExpiredToken',
  'bad-device-token': 'BadDeviceToken',
  'device-token-not-for-topic': 'DeviceTokenNotForTopic',
  'too-many-requests': 'TooManyRequests',
};

/** Most provider tokens whose signature check is remembered (APNs, too, verifies a token once). */
const SIGNATURE_CACHE_ENTRIES = 1024;

export function newApnsConnectionState(): ApnsConnectionState {
  return { authenticated: false };
}

/** APNs `POST /3/device/{token}`, wired from the pure checks and the scripted behaviour. */
export function createApnsHandler(deps: ApnsHandlerDeps): FakeHandler<ApnsConnectionState> {
  const signatures = new Map<string, SignatureCheck>();
  const checkSignature = (authorization: string | undefined): SignatureCheck => {
    if (authorization === undefined) return checkProviderTokenSignature(undefined, deps.keys);
    let check = signatures.get(authorization);
    if (!check) {
      check = checkProviderTokenSignature(authorization, deps.keys);
      if (signatures.size >= SIGNATURE_CACHE_ENTRIES) signatures.clear();
      signatures.set(authorization, check);
    }
    return check;
  };

  return (request) => {
    const requestedId = headerValue(request.headers, 'apns-id');
    const apnsId = requestedId !== undefined && APNS_ID.test(requestedId) ? requestedId : randomUUID();
    let token = '';
    const reply = (reason: ApnsReason, payload?: unknown): FakeResponse => {
      const timestampMs = reason === 'Unregistered' || reason === 'ExpiredToken'
        ? deps.behaviour.tokenState('apns', token)?.sinceMs ?? deps.clock()
        : undefined;
      const response = apnsErrorResponse(reason, apnsId, timestampMs);
      deps.store.record('apns', response.status, reason, () => captured(request, token, deps.clock(), response.status, reason, payload, apnsId));
      return response;
    };

    const route = routeApnsRequest(request.method, request.path);
    if (!route.ok) return reply(route.reason);
    token = route.deviceToken;

    const signature = checkSignature(headerValue(request.headers, 'authorization'));
    if (!signature.ok) return reply(signature.reason);
    const ageProblem = checkProviderTokenAge(signature.claims, Math.floor(deps.clock() / 1000), deps.policy);
    if (ageProblem) return reply(ageProblem);
    const connection = request.connection.state;
    const refresh = checkProviderTokenRefresh(connection.lastIat, signature.claims.iat, deps.policy);
    if (!refresh.ok) return reply(refresh.reason);
    connection.lastIat = refresh.lastIat;

    const scripted = deps.behaviour.decide('apns', token, headerValue(request.headers, 'apns-topic') ?? '');
    if (scripted.kind === 'server-error') return reply(scripted.status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
    if (scripted.kind === 'throttled') return reply('TooManyRequests');

    const validation = validateApnsNotification({
      deviceToken: token,
      headers: request.headers,
      duplicateHeaders: request.duplicateHeaders,
      body: request.body,
      bodyTooLarge: request.bodyTooLarge,
      ...(signature.claims.key.topics ? { allowedTopics: signature.claims.key.topics } : {}),
    });
    if (!validation.ok) return reply(validation.reason);
    const state = deps.behaviour.tokenState('apns', token);
    if (state) return reply(TOKEN_STATE_REASONS[state.state as ApnsTokenState], validation.notification.payload);

    if (!connection.authenticated) {
      connection.authenticated = true;
      request.connection.setMaxConcurrentStreams(deps.authenticatedMaxConcurrentStreams);
    }
    deps.store.record('apns', 200, undefined, () =>
      captured(request, token, deps.clock(), 200, undefined, validation.notification.payload, apnsId),
    );
    return { status: 200, headers: { 'apns-id': apnsId } };
  };
}

function captured(
  request: FakeRequest<ApnsConnectionState>,
  token: string,
  atMs: number,
  status: number,
  reason: string | undefined,
  payload: unknown,
  messageId: string,
): ReceivedPush {
  return {
    provider: 'apns',
    token,
    atMs,
    status,
    ...(reason === undefined ? {} : { reason }),
    messageId,
    headers: headersForInspection(request.headers),
    payload,
  };
}
