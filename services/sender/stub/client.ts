import type { ProviderResponse } from '../http2/h2-response';
import { TransportError, type TransportFailure } from '../http2/transport-error';

// An in-memory gateway standing in for a provider: answers like one (statuses, Retry-After) and can
// be told to fail on demand. Tests script it; the contract suite drives it like the real fakes.

export interface StubRequest {
  readonly token: string;
  readonly payload: string;
  readonly authorization: string;
}

export interface StubReceived {
  readonly token: string;
  readonly payload: string;
  /** Epoch ms the request arrived. */
  readonly atMs: number;
  readonly status: number | null;
  readonly messageId?: string;
}

type Scripted = { readonly status: number; readonly retryAfterSeconds?: number } | { readonly failure: TransportFailure };

export interface StubGateway {
  post(request: StubRequest): Promise<ProviderResponse>;
  /** 410 for this token from now on. */
  markDead(token: string): void;
  /** The next `count` requests (any token) get `status` (with Retry-After when given). */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  /** The next `count` requests fail below HTTP (no answer). */
  breakNext(count: number, failure: TransportFailure): void;
  /** 429 + Retry-After for every request until `durationMs` from now. */
  throttle(durationMs: number): void;
  /** Only this authorization is accepted (401 otherwise). */
  acceptAuthorization(authorization: string): void;
  received(token: string): StubReceived[];
  requests(): number;
}

export function createStubGateway(options: { clock: () => number; maxPayloadBytes: number }): StubGateway {
  const dead = new Set<string>();
  const script: Scripted[] = [];
  const log: StubReceived[] = [];
  let throttledUntilMs = 0;
  let accepted: string | null = null;
  let nextId = 1;

  const answer = (request: StubRequest, nowMs: number): ProviderResponse | TransportError => {
    const scripted = script.shift();
    if (scripted && 'failure' in scripted) return new TransportError(scripted.failure, 'scripted transport failure');
    if (scripted) {
      const headers = scripted.retryAfterSeconds === undefined ? {} : { 'retry-after': String(scripted.retryAfterSeconds) };
      return { status: scripted.status, headers, body: '' };
    }
    if (nowMs < throttledUntilMs) {
      return { status: 429, headers: { 'retry-after': String(Math.ceil((throttledUntilMs - nowMs) / 1000)) }, body: '' };
    }
    if (accepted !== null && request.authorization !== accepted) return { status: 401, headers: {}, body: '' };
    if (dead.has(request.token)) return { status: 410, headers: {}, body: '' };
    if (Buffer.byteLength(request.payload) > options.maxPayloadBytes) return { status: 413, headers: {}, body: '' };
    return { status: 200, headers: { 'x-message-id': `stub-${nextId++}` }, body: '' };
  };

  return {
    post(request) {
      const atMs = options.clock();
      const result = answer(request, atMs);
      const status = result instanceof TransportError ? null : result.status;
      const messageId = result instanceof TransportError ? undefined : result.headers['x-message-id'];
      log.push({ token: request.token, payload: request.payload, atMs, status, ...(typeof messageId === 'string' ? { messageId } : {}) });
      return result instanceof TransportError ? Promise.reject(result) : Promise.resolve(result);
    },
    markDead: (token) => void dead.add(token),
    failNext(count, status, retryAfterSeconds) {
      for (let i = 0; i < count; i += 1) script.push(retryAfterSeconds === undefined ? { status } : { status, retryAfterSeconds });
    },
    breakNext(count, failure) {
      for (let i = 0; i < count; i += 1) script.push({ failure });
    },
    throttle(durationMs) {
      throttledUntilMs = options.clock() + durationMs;
    },
    acceptAuthorization(authorization) {
      accepted = authorization;
    },
    received: (token) => log.filter((entry) => entry.token === token),
    requests: () => log.length,
  };
}
