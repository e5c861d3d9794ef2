import type { OutgoingHttpHeaders } from 'node:http2';
import type { SecureContext } from 'node:tls';
import { H2Connection, type ConnectionEvents } from './h2-connection';
import { H2Exchange } from './h2-exchange';
import { Fifo } from './fifo';
import type { ProviderResponse } from './h2-response';
import { TransportError } from './transport-error';

export interface H2PoolOptions {
  /** scheme://host[:port] of the provider endpoint. */
  readonly origin: string;
  /** Most connections kept open to the origin. */
  readonly maxConnections: number;
  /** Own bound on concurrent streams per connection, applied below the peer's SETTINGS value. */
  readonly maxStreamsPerConnection: number;
  /** Deadline of one request from the call (queue wait included) to its complete answer, ms. */
  readonly requestTimeoutMs: number;
  /** Deadline of a TLS + HTTP/2 handshake, ms. */
  readonly connectTimeoutMs: number;
  /** PING idle connections this often, ms; a PING unanswered for requestTimeoutMs drops the connection. */
  readonly pingIntervalMs: number;
  /** TLS context (trusted CAs); undefined uses Node's defaults. Built once: per-connection CA parsing is costly. */
  readonly secureContext?: SecureContext;
  readonly clock?: () => number;
  /** Epoch ms until which the origin takes no new requests (provider gate), or null when open. */
  readonly gate?: () => number | null;
  readonly onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent =
  | { readonly kind: 'connected'; readonly origin: string }
  | { readonly kind: 'connect_failed'; readonly origin: string; readonly error: string }
  | { readonly kind: 'goaway'; readonly origin: string; readonly errorCode: number; readonly reason: string }
  | { readonly kind: 'closed'; readonly origin: string; readonly error: string | null };

/** Urgent requests (the priority lane) take free streams before queued bulk ones. */
export type RequestLane = 'urgent' | 'bulk';

/** Share of each connection's streams bulk requests may not take: kept free for urgent ones. */
const URGENT_RESERVED_SHARE = 0.2;

/**
 * Streams bulk requests may hold on a connection allowing maxStreams. A broadcast could otherwise fill
 * every stream and make a transactional push wait for one to free up. Connections allowing fewer
 * than 10 streams (APNs before its first authenticated push) reserve none.
 */
export function bulkStreamLimit(maxStreams: number): number {
  return maxStreams < 10 ? maxStreams : maxStreams - Math.floor(maxStreams * URGENT_RESERVED_SHARE);
}

export interface H2Pool {
  /** Sends one request; resolves with any complete answer, rejects only with a TransportError. */
  request(headers: OutgoingHttpHeaders, body: string | Buffer, lane?: RequestLane): Promise<ProviderResponse>;
  /** Drains every open connection (no new streams; closed once idle); new ones open on demand. */
  recycle(): void;
  /** Streams open plus requests queued for a stream. */
  inFlight(): number;
  connections(): number;
  /** Stops taking requests, lets open streams finish (up to `graceMs`), then closes every connection. */
  close(graceMs: number): Promise<void>;
}

const SWEEP_INTERVAL_MS = 250;
const SESSION_ERRORS = new Set(['ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_OUT_OF_STREAMS']);

function isSessionUnusable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SESSION_ERRORS.has(code);
}
const MAX_CONNECT_BACKOFF_MS = 5_000;

/**
 * Long-lived HTTP/2 connections to one origin, many streams each. A request takes a stream on the
 * least-loaded connection with room; when all are full it opens another connection (up to
 * maxConnections) or waits in a FIFO queue. Connections that fail, GOAWAY or stop answering PINGs
 * are replaced on demand; repeated connect failures back off and fail queued requests fast instead
 * of spinning.
 */
export function createH2Pool(options: H2PoolOptions): H2Pool {
  const clock = options.clock ?? Date.now;
  const connections: H2Connection[] = [];
  const active = new Set<H2Exchange>();
  const urgent = new Fifo<H2Exchange>();
  const bulk = new Fifo<H2Exchange>();
  let closing = false;
  let connectFailures = 0;
  let nextConnectAtMs = 0;
  let lastPingAtMs = clock();
  let idleWaiters: Array<() => void> = [];
  const notifyIdle = (): void => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  const queued = (): number => urgent.size + bulk.size;
  const failQueued = (error: TransportError): void => {
    for (const exchange of urgent.drain()) exchange.fail(error);
    for (const exchange of bulk.drain()) exchange.fail(error);
  };

  const events: ConnectionEvents = {
    onReady() {
      connectFailures = 0;
      options.onEvent?.({ kind: 'connected', origin: options.origin });
      pump();
    },
    onCapacity: () => pump(),
    onGoaway(_connection, errorCode, reason) {
      options.onEvent?.({ kind: 'goaway', origin: options.origin, errorCode, reason });
      pump();
    },
    onClosed(connection, wasReady, error) {
      const index = connections.indexOf(connection);
      if (index >= 0) connections.splice(index, 1);
      if (!wasReady) {
        connectFailures += 1;
        nextConnectAtMs = clock() + Math.min(MAX_CONNECT_BACKOFF_MS, 100 * 2 ** (connectFailures - 1));
        options.onEvent?.({ kind: 'connect_failed', origin: options.origin, error: error?.message ?? 'closed' });
        if (!connections.some((c) => c.state === 'ready' || c.state === 'connecting')) {
          failQueued(new TransportError('connect_failed', `cannot connect to ${options.origin}: ${error?.message ?? 'closed'}`));
        }
      } else {
        options.onEvent?.({ kind: 'closed', origin: options.origin, error: error?.message ?? null });
      }
      pump();
    },
  };

  const pickConnection = (lane: RequestLane): H2Connection | null => {
    let best: H2Connection | null = null;
    for (const connection of connections) {
      if (!connection.usable || (lane === 'bulk' && connection.inFlight >= bulkStreamLimit(connection.maxStreams))) continue;
      if (best === null || connection.inFlight < best.inFlight) best = connection;
    }
    return best;
  };

  const maybeOpenConnection = (): void => {
    if (closing) return;
    const opening = connections.some((c) => c.state === 'connecting');
    const live = connections.filter((c) => c.state !== 'closed' && c.state !== 'draining').length;
    if (opening || live >= options.maxConnections) return;
    if (clock() < nextConnectAtMs) {
      if (live === 0) failQueued(new TransportError('connect_failed', `${options.origin} unreachable, backing off`));
      return;
    }
    const tls = options.secureContext === undefined ? {} : { secureContext: options.secureContext };
    connections.push(
      new H2Connection({ origin: options.origin, maxStreams: options.maxStreamsPerConnection, tls }, clock(), events),
    );
  };

  const onExchangeDone = (exchange: H2Exchange, refused: boolean): void => {
    active.delete(exchange);
    exchange.connection?.streamEnded();
    if (refused) {
      exchange.resetForResend();
      urgent.unshift(exchange);
    }
    pump();
  };

  function pump(): void {
    while (queued() > 0) {
      const gatedUntilMs = options.gate?.() ?? null;
      if (gatedUntilMs !== null) {
        failQueued(new TransportError('gated', `${options.origin} asked for a pause`, { gatedUntilMs }));
        return;
      }
      const lane: RequestLane = urgent.size > 0 ? 'urgent' : 'bulk';
      const connection = pickConnection(lane);
      if (!connection) {
        maybeOpenConnection();
        return;
      }
      const exchange = (lane === 'urgent' ? urgent : bulk).shift()!;
      connection.inFlight += 1;
      active.add(exchange);
      try {
        exchange.run(connection, onExchangeDone);
      } catch (error) {
        active.delete(exchange);
        connection.streamEnded();
        if (isSessionUnusable(error)) {
          // Closing, GOAWAY'd or out of stream ids: retire this connection; the request goes again.
          connection.drain();
          exchange.resetForResend();
          urgent.unshift(exchange);
        } else {
          // Node refused the request itself (an invalid header): nothing to retry.
          exchange.fail(new TransportError('invalid_request', error instanceof Error ? error.message : 'invalid request', { cause: error }));
        }
      }
    }
    if (active.size === 0) notifyIdle();
  }

  const sweep = (): void => {
    const nowMs = clock();
    for (const exchange of active) if (exchange.deadlineMs <= nowMs) exchange.cancelForTimeout();
    for (const fifo of [urgent, bulk]) {
      while ((fifo.peek()?.deadlineMs ?? Infinity) <= nowMs) {
        fifo.shift()!.fail(new TransportError('timeout', 'no stream became free before the request deadline'));
      }
    }
    const pingDue = nowMs - lastPingAtMs >= options.pingIntervalMs;
    if (pingDue) lastPingAtMs = nowMs;
    for (const connection of [...connections]) {
      if (connection.state === 'connecting' && nowMs - connection.openedAtMs > options.connectTimeoutMs) {
        connection.retire(new Error('connect timeout'));
      } else if (connection.pingSentAtMs !== null && nowMs - connection.pingSentAtMs > options.requestTimeoutMs) {
        connection.retire(new Error('PING unanswered'));
      } else if (pingDue) {
        connection.ping(nowMs);
      }
    }
  };
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    request(headers, body, lane = 'urgent') {
      if (closing) return Promise.reject(new TransportError('pool_closed', 'the pool is closing'));
      return new Promise<ProviderResponse>((resolve, reject) => {
        const exchange = new H2Exchange(headers, body, clock() + options.requestTimeoutMs, resolve, reject);
        (lane === 'urgent' ? urgent : bulk).push(exchange);
        pump();
      });
    },
    recycle() {
      for (const connection of [...connections]) connection.drain();
      pump();
    },
    inFlight: () => active.size + queued(),
    connections: () => connections.length,
    async close(graceMs) {
      closing = true;
      failQueued(new TransportError('pool_closed', 'the pool is closing'));
      if (active.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      clearInterval(sweeper);
      for (const connection of [...connections]) connection.retire();
      // Anything handed back for a resend while draining has nowhere to go now.
      failQueued(new TransportError('pool_closed', 'the pool closed'));
    },
  };
}
