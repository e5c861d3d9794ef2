import { randomUUID } from 'node:crypto';
import type { BehaviourBook } from '../shared/behaviour-book';
import { headerValue, type FakeHandler, type FakeRequest, type FakeResponse } from '../shared/fake-http';
import { headersForInspection, type InspectionStore, type ReceivedPush } from '../shared/inspection-store';
import { decryptAes128gcm } from './webpush-ece';
import { webPushErrorResponse, webPushErrors, type WebPushError } from './webpush-errors';
import { PUSH_PATH_PREFIX, type SubscriptionRegistry } from './webpush-subscriptions';
import { validateWebPushHeaders } from './webpush-validate';
import { checkVapidClaims, checkVapidSignature, parseVapidAuthorization, type VapidClaims } from './webpush-vapid';

export interface WebPushHandlerDeps {
  /** Pushes without VAPID get 401 when true (the default); otherwise VAPID is checked only when sent. */
  requireVapid: boolean;
  /** This service's origin (scheme://host:port of the endpoints it hands out): the required VAPID aud. */
  origin: () => string;
  subscriptions: SubscriptionRegistry;
  behaviour: BehaviourBook;
  store: InspectionStore;
  clock: () => number;
}

/** Most VAPID headers whose signature check is remembered. */
const SIGNATURE_CACHE_ENTRIES = 1024;

/** RFC 8030 push resource: `POST /push/{subscription}`, wired from the pure checks and the script. */
export function createWebPushHandler(deps: WebPushHandlerDeps): FakeHandler<unknown> {
  const signatures = new Map<string, { ok: true; claims: VapidClaims } | { ok: false; error: WebPushError }>();

  return (request) => {
    let token = '';
    const reply = (error: WebPushError): FakeResponse => {
      deps.store.record('webpush', error.status, error.reason, () => captured(request, token, deps.clock(), error.status, error.reason, undefined, undefined));
      return webPushErrorResponse(error);
    };
    if (!request.path.startsWith(PUSH_PATH_PREFIX)) return reply(webPushErrors.notFound());
    token = request.path.slice(PUSH_PATH_PREFIX.length);
    if (request.method !== 'POST') return reply(webPushErrors.methodNotAllowed());
    const subscription = deps.subscriptions.get(token);
    if (!subscription) return reply(webPushErrors.notFound());
    const state = deps.behaviour.tokenState('webpush', token);
    if (state) return reply(state.state === 'not-found' ? webPushErrors.notFound() : webPushErrors.gone());

    const authorization = headerValue(request.headers, 'authorization');
    const credentials = parseVapidAuthorization(authorization, headerValue(request.headers, 'crypto-key'));
    if (!credentials && (deps.requireVapid || authorization !== undefined)) {
      return reply(authorization === undefined ? webPushErrors.missingVapid() : webPushErrors.invalidVapid('Authorization must be "vapid t=<jwt>, k=<key>"'));
    }
    if (credentials) {
      const cacheKey = `${credentials.publicKey} ${credentials.jwt}`;
      let signature = signatures.get(cacheKey);
      if (!signature) {
        signature = checkVapidSignature(credentials);
        if (signatures.size >= SIGNATURE_CACHE_ENTRIES) signatures.clear();
        signatures.set(cacheKey, signature);
      }
      if (!signature.ok) return reply(signature.error);
      const claimsError = checkVapidClaims(signature.claims, deps.origin(), Math.floor(deps.clock() / 1000));
      if (claimsError) return reply(claimsError);
      const restrictedTo = subscription.stored.applicationServerKey;
      if (restrictedTo !== undefined && restrictedTo !== credentials.publicKey) return reply(webPushErrors.vapidKeyMismatch());
    }

    const scripted = deps.behaviour.decide('webpush', token, '*');
    if (scripted.kind === 'server-error') {
      return reply(scripted.status === 503 ? webPushErrors.unavailable(scripted.retryAfterSeconds) : webPushErrors.internal());
    }
    if (scripted.kind === 'throttled') return reply(webPushErrors.tooManyRequests(scripted.retryAfterSeconds));

    const validation = validateWebPushHeaders(request.headers, request.duplicateHeaders, request.body.length, request.bodyTooLarge);
    if (!validation.ok) return reply(validation.error);
    let plaintext: string | null = null;
    if (request.body.length > 0) {
      const decrypted = decryptAes128gcm(request.body, subscription.keys, subscription.keyCache);
      if (!decrypted.ok) return reply(webPushErrors.invalidEncryption(decrypted.message));
      plaintext = decrypted.plaintext.toString('utf8');
    }
    const messageId = randomUUID();
    deps.store.record('webpush', 201, undefined, () => captured(request, token, deps.clock(), 201, undefined, plaintext, messageId));
    return {
      status: 201,
      headers: { location: `${deps.origin()}/m/${messageId}`, ttl: String(validation.headers.ttlSeconds) },
    };
  };
}

function captured(
  request: FakeRequest<unknown>,
  token: string,
  atMs: number,
  status: number,
  reason: string | undefined,
  payload: string | null | undefined,
  messageId: string | undefined,
): ReceivedPush {
  return {
    provider: 'webpush',
    token,
    atMs,
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(messageId === undefined ? {} : { messageId }),
    headers: headersForInspection(request.headers),
    payload: payload ?? null,
  };
}
