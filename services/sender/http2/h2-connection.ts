import * as http2 from 'node:http2';
import type { ConnectionOptions } from 'node:tls';

export type ConnectionState = 'connecting' | 'ready' | 'draining' | 'closed';

export interface ConnectionEvents {
  /** The TLS + HTTP/2 handshake completed. */
  onReady(connection: H2Connection): void;
  /** The peer changed SETTINGS_MAX_CONCURRENT_STREAMS (or sent its first SETTINGS). */
  onCapacity(connection: H2Connection): void;
  onGoaway(connection: H2Connection, errorCode: number, reason: string): void;
  /** Closed for good; `wasReady` false means the connection attempt failed. */
  onClosed(connection: H2Connection, wasReady: boolean, error: Error | undefined): void;
}

export interface ConnectionSettings {
  readonly origin: string;
  /** Own upper bound on concurrent streams, whatever the peer allows. */
  readonly maxStreams: number;
  readonly tls: Pick<ConnectionOptions, 'ca'>;
}

/**
 * One long-lived HTTP/2 session to an origin and its stream accounting. Until the peer's SETTINGS
 * arrive it allows a single stream (APNs starts every connection at 1 until a request authenticates);
 * after that, min(peer's SETTINGS_MAX_CONCURRENT_STREAMS, own bound). GOAWAY makes it draining: no new
 * streams, and it closes when the last one ends.
 */
export class H2Connection {
  state: ConnectionState = 'connecting';
  /** Streams open on this connection now. */
  inFlight = 0;
  /** Streams the peer currently allows (see class comment). */
  maxStreams = 1;
  readonly openedAtMs: number;
  /** Epoch ms of an unanswered PING, or null. */
  pingSentAtMs: number | null = null;
  readonly session: http2.ClientHttp2Session;
  private lastError: Error | undefined;

  constructor(settings: ConnectionSettings, nowMs: number, events: ConnectionEvents) {
    this.openedAtMs = nowMs;
    this.session = http2.connect(settings.origin, {
      ...settings.tls,
      settings: { enablePush: false },
      // What nghttp2 assumes before the peer's SETTINGS arrive; our own accounting starts at 1 anyway.
      peerMaxConcurrentStreams: 1,
    });
    const session = this.session;
    session.on('connect', () => {
      if (this.state !== 'connecting') return;
      this.state = 'ready';
      events.onReady(this);
    });
    session.on('remoteSettings', (remote: http2.Settings) => {
      const peer = remote.maxConcurrentStreams ?? settings.maxStreams;
      this.maxStreams = Math.max(1, Math.min(settings.maxStreams, peer));
      events.onCapacity(this);
    });
    session.on('goaway', (errorCode: number, _lastStreamId: number, opaqueData?: Buffer) => {
      const wasOpen = this.state === 'ready' || this.state === 'connecting';
      if (this.state !== 'closed') this.state = 'draining';
      if (wasOpen) events.onGoaway(this, errorCode, goawayReason(opaqueData));
      if (this.inFlight === 0) this.close();
    });
    session.on('error', (error: Error) => {
      this.lastError = error;
    });
    session.on('frameError', () => undefined);
    session.on('close', () => {
      const wasReady = this.state !== 'connecting';
      this.state = 'closed';
      events.onClosed(this, wasReady, this.lastError);
    });
  }

  get usable(): boolean {
    return this.state === 'ready' && this.inFlight < this.maxStreams && !this.session.destroyed;
  }

  /** No new streams; closes once in-flight streams end. */
  drain(): void {
    if (this.state === 'ready' || this.state === 'connecting') this.state = 'draining';
    if (this.inFlight === 0) this.close();
  }

  streamEnded(): void {
    this.inFlight -= 1;
    if (this.state === 'draining' && this.inFlight === 0) this.close();
  }

  /** Resolves once the session has closed (at once when it already has). */
  closed(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.session.once('close', () => resolve()));
  }

  /** Graceful: lets open streams finish. */
  close(): void {
    if (!this.session.closed && !this.session.destroyed) this.session.close();
  }

  destroy(error?: Error): void {
    if (!this.session.destroyed) this.session.destroy(error);
  }

  /** Sends a PING; a missing answer is detected by the pool's sweep (pingSentAtMs stays set). */
  ping(nowMs: number): void {
    if (this.pingSentAtMs !== null || this.state !== 'ready') return;
    this.pingSentAtMs = nowMs;
    const sent = this.session.ping((error) => {
      if (!error) this.pingSentAtMs = null;
    });
    if (!sent) this.pingSentAtMs = null;
  }
}

/** APNs puts `{"reason":"Shutdown"}` in GOAWAY debug data; other peers send text or nothing. */
function goawayReason(opaqueData: Buffer | undefined): string {
  if (!opaqueData || opaqueData.length === 0) return '';
  const text = opaqueData.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : text;
  } catch {
    return text.slice(0, 200);
  }
}
