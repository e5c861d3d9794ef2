import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { H2PoolOptions } from './http2/h2-pool';

/** Connection settings every provider's pool shares (from config; units in the names). */
export interface TransportSettings {
  /** HTTP/2 connections kept per provider origin. */
  readonly connectionsPerOrigin: number;
  /** Own bound on concurrent streams per connection, below the server's SETTINGS value. */
  readonly maxStreamsPerConnection: number;
  /** One request, queueing for a stream included, ms. */
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** PING interval on open connections, ms. */
  readonly pingIntervalMs: number;
  /** TLS context trusting an extra CA (e.g. the fakes' local one) on top of Node's roots; null: Node's defaults. */
  readonly secureContext: SecureContext | null;
}

export function poolOptions(origin: string, transport: TransportSettings): H2PoolOptions {
  return {
    origin,
    maxConnections: transport.connectionsPerOrigin,
    maxStreamsPerConnection: transport.maxStreamsPerConnection,
    requestTimeoutMs: transport.requestTimeoutMs,
    connectTimeoutMs: transport.connectTimeoutMs,
    pingIntervalMs: transport.pingIntervalMs,
    ...(transport.secureContext === null ? {} : { secureContext: transport.secureContext }),
  };
}

/**
 * A TLS context trusting Node's default roots plus `extraCaPem` (Node replaces the roots when `ca` is
 * given, so both go in). Build it once per process: parsing ~140 roots is too costly per connection.
 */
export function secureContextTrusting(extraCaPem: string): SecureContext {
  return createSecureContext({ ca: [...rootCertificates, extraCaPem] });
}
