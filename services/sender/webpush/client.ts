import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import * as http2wrapper from 'http2-wrapper';
import { createH2Pool, type H2Pool, type PoolEvent, type RequestLane } from '../http2/h2-pool';
import type { ProviderResponse } from '../http2/h2-response';
import { TransportError } from '../http2/transport-error';

// Web Push goes to whichever push service the browser picked (FCM, Mozilla, Apple, Edge...), so the
// transport negotiates per origin: http2-wrapper's resolver asks ALPN once per origin (cached), then
// an origin that speaks h2 gets our own HTTP/2 pool (the one FCM and APNs use: long-lived
// connections, many streams, SETTINGS respected, urgent streams reserved) and one that does not gets a
// keep-alive HTTPS agent.
//
// Not http2-wrapper's HTTP/2 agent: its response objects destroy their stream as soon as the body
// ends, before nghttp2 has closed it, so every request sent a RST_STREAM. nghttp2 servers (since the
// CVE-2023-44487 "rapid reset" fix) allow a burst of 1000 resets per connection, then 33/s, and answer
// with GOAWAY(INTERNAL_ERROR): the connection and every request in flight on it were lost.

export interface WebPushTransportOptions {
  /** HTTP/2 connections per push service origin that speaks h2. */
  readonly maxSessions: number;
  readonly http1MaxSocketsPerOrigin: number;
  /** One request from the call (waiting for a stream included) to the complete answer, ms. */
  readonly requestTimeoutMs: number;
  /** TLS + HTTP/2 handshake (and the ALPN probe) deadline, ms; default 10 000. */
  readonly connectTimeoutMs?: number;
  /** PING on open HTTP/2 connections this often, ms; default 60 000. */
  readonly pingIntervalMs?: number;
  /** Own bound on streams per HTTP/2 connection, below the push service's SETTINGS; default 1000. */
  readonly maxStreamsPerConnection?: number;
  readonly secureContext: SecureContext | null;
  /** Epoch ms until which `origin` takes no new requests (the provider gate), or null. */
  readonly gate?: (origin: string) => number | null;
  readonly onPoolEvent?: (event: PoolEvent) => void;
}

export interface WebPushTransport {
  post(endpoint: string, headers: Readonly<Record<string, string | number>>, body: Buffer | null, lane?: RequestLane): Promise<ProviderResponse>;
  inFlight(): number;
  /** Waits up to `graceMs` for answers in flight, then closes every connection and socket. */
  close(graceMs: number): Promise<void>;
}

type Route = { readonly kind: 'h2'; readonly pool: H2Pool } | { readonly kind: 'http1' };

const EMPTY = Buffer.alloc(0);

export function createWebPushTransport(options: WebPushTransportOptions): WebPushTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.http1MaxSocketsPerOrigin });
  // Our own ALPN cache instead of the library's process-wide one.
  const resolveProtocol = http2wrapper.auto.createResolveProtocol(new Map(), new Map());
  const tls = options.secureContext === null ? {} : { secureContext: options.secureContext };
  const routes = new Map<string, Route>();
  const resolving = new Map<string, Promise<Route>>();
  /** HTTP/1.1 requests and requests waiting for their origin's negotiation (the pools count their own). */
  const outside = new Set<Promise<ProviderResponse>>();
  let closing = false;

  const routeFor = (url: URL): Promise<Route> => {
    const origin = url.origin;
    let route = resolving.get(origin);
    if (route) return route;
    route = negotiate(url).finally(() => resolving.delete(origin));
    resolving.set(origin, route);
    return route;
  };

  const negotiate = async (url: URL): Promise<Route> => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const resolved = await resolveProtocol({
      host,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      port: Number(url.port || 443),
      ALPNProtocols: ['h2', 'http/1.1'],
      timeout: connectTimeoutMs,
      ...tls,
    });
    if ((resolved as { timeout?: boolean }).timeout) throw new Error(`no TLS handshake within ${connectTimeoutMs} ms`);
    const route: Route =
      resolved.alpnProtocol === 'h2'
        ? {
            kind: 'h2',
            pool: createH2Pool({
              origin: url.origin,
              maxConnections: options.maxSessions,
              maxStreamsPerConnection: options.maxStreamsPerConnection ?? 1000,
              requestTimeoutMs: options.requestTimeoutMs,
              connectTimeoutMs,
              pingIntervalMs: options.pingIntervalMs ?? 60_000,
              ...(options.secureContext === null ? {} : { secureContext: options.secureContext }),
              ...(options.gate ? { gate: () => options.gate!(url.origin) } : {}),
              ...(options.onPoolEvent ? { onEvent: options.onPoolEvent } : {}),
            }),
          }
        : { kind: 'http1' };
    routes.set(url.origin, route);
    return route;
  };

  const send = (route: Route, url: URL, headers: Readonly<Record<string, string | number>>, body: Buffer | null, lane: RequestLane): Promise<ProviderResponse> =>
    route.kind === 'h2'
      ? route.pool.request({ ':method': 'POST', ':path': url.pathname + url.search, ...headers }, body ?? EMPTY, lane)
      : postHttp1(url, headers, body);

  const postHttp1 = (url: URL, headers: Readonly<Record<string, string | number>>, body: Buffer | null): Promise<ProviderResponse> =>
    new Promise<ProviderResponse>((resolve, reject) => {
      let settled = false;
      const fail = (failure: 'timeout' | 'connection_lost', error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(new TransportError(failure, error instanceof Error ? error.message : String(error), { cause: error }));
      };
      const request = https.request(
        url,
        { method: 'POST', headers: { ...headers }, agent: httpsAgent, timeout: options.requestTimeoutMs, ...tls },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => fail('connection_lost', error));
          response.on('end', () => {
            // The socket goes back to the agent: its idle timer must not outlive this request.
            request.setTimeout(0);
            if (settled) return;
            settled = true;
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      request.on('error', (error) => fail('connection_lost', error));
      request.on('timeout', () => {
        request.destroy();
        fail('timeout', new Error(`no answer within ${options.requestTimeoutMs} ms`));
      });
      request.end(body ?? undefined);
    });

  const post = (endpoint: string, headers: Readonly<Record<string, string | number>>, body: Buffer | null, lane: RequestLane): Promise<ProviderResponse> => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch (error) {
      return Promise.reject(new TransportError('invalid_request', `not a URL: ${endpoint}`, { cause: error }));
    }
    const known = routes.get(url.origin);
    // The common case (an h2 origin already negotiated) goes straight to its pool, which counts it.
    if (known?.kind === 'h2') return send(known, url, headers, body, lane);
    if (closing) return Promise.reject(new TransportError('pool_closed', 'the transport is closing'));
    const request = (known ? Promise.resolve(known) : routeFor(url)).then(
      (route) => send(route, url, headers, body, lane),
      (error: unknown) => {
        throw new TransportError('connect_failed', `cannot negotiate with ${url.origin}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      },
    );
    outside.add(request);
    const forget = (): void => void outside.delete(request);
    request.then(forget, forget);
    return request;
  };

  const pools = (): H2Pool[] => [...routes.values()].flatMap((route) => (route.kind === 'h2' ? [route.pool] : []));

  return {
    post: (endpoint, headers, body, lane = 'urgent') => post(endpoint, headers, body, lane),
    inFlight: () => pools().reduce((sum, pool) => sum + pool.inFlight(), outside.size),
    async close(graceMs) {
      closing = true;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.all([Promise.race([Promise.allSettled([...outside]), grace]), ...pools().map((pool) => pool.close(graceMs))]);
      clearTimeout(timer);
      // A pool made by a negotiation that finished meanwhile.
      await Promise.all(pools().map((pool) => pool.close(0)));
      httpsAgent.destroy();
    },
  };
}
