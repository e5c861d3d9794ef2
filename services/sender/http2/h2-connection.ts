import * as http2 from 'node:http2';
import { isIP } from 'node:net';
import * as tls from 'node:tls';

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
  readonly tls: Pick<tls.ConnectionOptions, 'secureContext'>;
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
  /** The TLS socket under the session: ours to destroy, since a session that got GOAWAY may never close it. */
  private socket: tls.TLSSocket | null = null;
  private lastError: Error | undefined;
  private readonly events: ConnectionEvents;

  constructor(settings: ConnectionSettings, nowMs: number, events: ConnectionEvents) {
    this.openedAtMs = nowMs;
    this.events = events;
    const url = new URL(settings.origin);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    this.session = http2.connect(settings.origin, {
      settings: { enablePush: false },
      // What nghttp2 assumes before the peer's SETTINGS arrive; our own accounting starts at 1 anyway.
      peerMaxConcurrentStreams: 1,
      createConnection: () => {
        this.socket = tls.connect({
          ...settings.tls,
          host,
          port: Number(url.port || 443),
          ALPNProtocols: ['h2'],
          ...(isIP(host) === 0 ? { servername: host } : {}),
        });
        this.socket.setNoDelay(true);
        return this.socket;
      },
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
      if (this.inFlight === 0) this.retire();
    });
    session.on('error', (error: Error) => {
      this.lastError = error;
    });
    session.on('frameError', () => undefined);
    session.on('close', () => {
      if (this.state === 'closed') return;
      const wasReady = this.state !== 'connecting';
      this.state = 'closed';
      this.socket?.destroy();
      events.onClosed(this, wasReady, this.lastError);
    });
  }

  get usable(): boolean {
    return this.state === 'ready' && this.inFlight < this.maxStreams && !this.session.destroyed;
  }

  /** No new streams; retired once in-flight streams end. */
  drain(): void {
    if (this.state === 'ready' || this.state === 'connecting') this.state = 'draining';
    if (this.inFlight === 0) this.retire();
  }

  streamEnded(): void {
    this.inFlight -= 1;
    if (this.state === 'draining' && this.inFlight === 0) this.retire();
  }

  /** Closes now (streams still open fail) and reports it at once, without waiting for the peer. */
  retire(error?: Error): void {
    if (this.state === 'closed') return;
    const wasReady = this.state !== 'connecting';
    this.state = 'closed';
    if (!this.session.destroyed) this.session.destroy(error);
    this.socket?.destroy();
    this.events.onClosed(this, wasReady, error ?? this.lastError);
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
