import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { SecureContext } from 'node:tls';
import * as http2wrapper from 'http2-wrapper';
import type { ProviderResponse } from '../http2/h2-response';
import { TransportError } from '../http2/transport-error';

// Web Push goes to whichever push service the browser picked (FCM, Mozilla, Apple, Edge...), so the
// transport negotiates per origin: http2-wrapper resolves ALPN once per origin (cached) and then uses
// its HTTP/2 agent (pooled sessions, many streams, respects SETTINGS) or a keep-alive HTTPS agent.

export interface WebPushTransportOptions {
  readonly maxSessions: number;
  readonly http1MaxSocketsPerOrigin: number;
  /** One request from the call to the complete answer, ms. */
  readonly requestTimeoutMs: number;
  readonly secureContext: SecureContext | null;
}

export interface WebPushTransport {
  post(endpoint: string, headers: Readonly<Record<string, string | number>>, body: Buffer | null): Promise<ProviderResponse>;
  inFlight(): number;
  /** Waits up to `graceMs` for answers in flight, then closes every session and socket. */
  close(graceMs: number): Promise<void>;
}

export function createWebPushTransport(options: WebPushTransportOptions): WebPushTransport {
  const http2Agent = new http2wrapper.Agent({ maxSessions: options.maxSessions, maxEmptySessions: options.maxSessions });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.http1MaxSocketsPerOrigin });
  // Our own ALPN cache instead of the library's process-wide one.
  const resolveProtocol = http2wrapper.auto.createResolveProtocol(new Map(), new Map());
  const tls = options.secureContext === null ? {} : { secureContext: options.secureContext };
  const pending = new Set<Promise<ProviderResponse>>();

  const post = (endpoint: string, headers: Readonly<Record<string, string | number>>, body: Buffer | null) =>
    new Promise<ProviderResponse>((resolve, reject) => {
      let settled = false;
      // The request's idle timer (requestTimeoutMs) keeps the request, its stream and the response alive
      // until it fires unless cleared: cleared once the answer is complete, so memory follows requests
      // in flight, not the send rate times the timeout.
      let sent: { setTimeout(ms: number): unknown } | undefined;
      const fail = (failure: 'connect_failed' | 'timeout' | 'connection_lost', error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(new TransportError(failure, error instanceof Error ? error.message : String(error), { cause: error }));
      };
      const onResponse = (response: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail('connection_lost', error));
        response.on('end', () => {
          sent?.setTimeout(0);
          if (settled) return;
          settled = true;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      };
      http2wrapper
        .auto(
          endpoint,
          {
            method: 'POST',
            headers: { ...headers },
            agent: { http2: http2Agent, https: httpsAgent },
            resolveProtocol,
            timeout: options.requestTimeoutMs,
            ...tls,
          },
          onResponse,
        )
        .then((request) => {
          sent = request;
          request.on('error', (error) => fail('connection_lost', error));
          request.on('timeout', () => {
            request.destroy();
            fail('timeout', new Error(`no answer within ${options.requestTimeoutMs} ms`));
          });
          request.end(body ?? undefined);
        })
        .catch((error: unknown) => fail('connect_failed', error));
    });

  return {
    post(endpoint, headers, body) {
      const request = post(endpoint, headers, body);
      pending.add(request);
      const forget = (): void => void pending.delete(request);
      request.then(forget, forget);
      return request;
    },
    inFlight: () => pending.size,
    async close(graceMs) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.allSettled([...pending]), grace]);
      clearTimeout(timer);
      http2Agent.destroy();
      httpsAgent.destroy();
    },
  };
}
