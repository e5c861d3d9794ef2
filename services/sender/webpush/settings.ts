import type { VapidKeys } from './vapid-cache';

export interface WebPushSettings {
  readonly vapid: VapidKeys;
  /** Most HTTP/2 connections per push service origin that speaks h2. */
  readonly maxSessions: number;
  /** Most HTTP/1.1 keep-alive sockets per push service origin that does not speak h2. */
  readonly http1MaxSocketsPerOrigin: number;
}
