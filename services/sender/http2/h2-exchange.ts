import { constants, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import type { ProviderResponse } from './h2-response';
import { TransportError } from './transport-error';
import type { H2Connection } from './h2-connection';

const EMPTY_HEADERS: IncomingHttpHeaders = Object.freeze({});

/**
 * One request/answer over the pool: waits in the queue, then runs on one stream. Settles exactly once.
 * A stream the peer refused before processing it (REFUSED_STREAM, e.g. beyond a GOAWAY's last stream
 * id) is handed back for one more try on another connection: it was never seen, so resending is safe.
 */
export class H2Exchange {
  connection: H2Connection | null = null;
  stream: ClientHttp2Stream | null = null;
  refusedOnce = false;
  private status = 0;
  private responseHeaders: IncomingHttpHeaders = EMPTY_HEADERS;
  private body = '';
  private timedOut = false;
  private settled = false;

  constructor(
    readonly headers: OutgoingHttpHeaders,
    readonly payload: string | Buffer,
    readonly deadlineMs: number,
    private readonly resolveWith: (response: ProviderResponse) => void,
    private readonly rejectWith: (error: TransportError) => void,
  ) {}

  /** Starts the stream; `onDone` runs once when it closes (with `refused` true for a safe resend). */
  run(connection: H2Connection, onDone: (exchange: H2Exchange, refused: boolean) => void): void {
    this.connection = connection;
    const stream = connection.session.request(this.headers);
    this.stream = stream;
    stream.on('response', (headers) => {
      this.status = Number(headers[':status'] ?? 0);
      this.responseHeaders = headers;
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.body += chunk;
    });
    stream.on('error', () => undefined);
    stream.on('close', () => {
      const ended = stream.readableEnded;
      const refused = !ended && this.status === 0 && stream.rstCode === constants.NGHTTP2_REFUSED_STREAM;
      const resend = refused && !this.refusedOnce && !this.timedOut;
      onDone(this, resend);
      if (resend) return;
      if (ended && this.status > 0) {
        this.resolve({ status: this.status, headers: this.responseHeaders, body: this.body });
      } else if (this.timedOut) {
        this.fail(new TransportError('timeout', 'no complete answer before the request deadline'));
      } else if (connection.session.destroyed && this.status === 0) {
        this.fail(new TransportError('connection_lost', 'the connection closed before an answer arrived'));
      } else {
        this.fail(new TransportError('stream_error', `stream closed without a complete answer (RST ${stream.rstCode ?? 'none'})`));
      }
    });
    stream.end(this.payload);
  }

  /** Prepares a second run after the peer refused the stream. */
  resetForResend(): void {
    this.refusedOnce = true;
    this.connection = null;
    this.stream = null;
  }

  /** Cancels the stream; its close handler reports the timeout. */
  cancelForTimeout(): void {
    this.timedOut = true;
    if (this.stream && !this.stream.closed) this.stream.close(constants.NGHTTP2_CANCEL);
  }

  resolve(response: ProviderResponse): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveWith(response);
  }

  fail(error: TransportError): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectWith(error);
  }
}
