import type { VapidKeys } from './vapid-cache';

export interface WebPushSettings {
  readonly vapid: VapidKeys;
  /** Most HTTP/2 sessions across all push services (http2-wrapper's agent bound). */
  readonly maxSessions: number;
  /** Most HTTP/1.1 keep-alive sockets per push service origin that does not speak h2. */
  readonly http1MaxSocketsPerOrigin: number;
}
