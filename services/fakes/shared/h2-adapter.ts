import type { IncomingMessage, ServerResponse } from 'node:http';
import * as http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { FakeConnection, FakeHandler, FakeRequest, FakeResponse } from './fake-http';

export interface H2ServerOptions<C> {
  host: string;
  port: number;
  keyPem: string;
  certPem: string;
  allowHTTP1: boolean;
  /** SETTINGS_MAX_CONCURRENT_STREAMS advertised when a connection opens. */
  initialMaxConcurrentStreams: number;
  /** Bodies beyond this many bytes are not buffered; the handler sees `bodyTooLarge`. */
  maxBodyBytes: number;
  newConnectionState: () => C;
  handler: FakeHandler<C>;
  /** Delay in ms before an answer is written (scripted latency). */
  latencyMs: () => number;
  /** Answers paths under /__control/ (the control API). */
  control?: (request: FakeRequest<C>) => Promise<FakeResponse>;
  onError?: (error: unknown) => void;
}

export interface RunningH2Server {
  server: http2.Http2SecureServer;
  port: number;
  /** GOAWAY (NO_ERROR) with `debugData` on every open HTTP/2 connection, then closes them. */
  goaway(debugData: Buffer): void;
  close(): Promise<void>;
}

/** Largest control API body in bytes. */
const MAX_CONTROL_BODY_BYTES = 1_048_576;
const CONTROL_PREFIX = '/__control/';

type Reply = (response: FakeResponse) => void;

/**
 * HTTP/2 over TLS (plus HTTP/1.1 when allowed) around a transport-free handler: reads the body with a
 * bound, keeps per-connection state, applies scripted latency, writes the answer. HTTP/2 streams are
 * served with the core stream API (no compatibility objects: the fakes must stay cheap).
 */
export async function startH2Server<C>(options: H2ServerOptions<C>): Promise<RunningH2Server> {
  const server = http2.createSecureServer({
    key: options.keyPem,
    cert: options.certPem,
    allowHTTP1: options.allowHTTP1,
    settings: { maxConcurrentStreams: options.initialMaxConcurrentStreams },
  });
  const sockets = new Set<Socket>();
  const sessions = new Map<http2.ServerHttp2Session, FakeConnection<C>>();
  const http1Connections = new WeakMap<Socket, FakeConnection<C>>();
  let nextConnectionId = 1;
  const newConnection = (session?: http2.ServerHttp2Session): FakeConnection<C> => ({
    id: nextConnectionId++,
    state: options.newConnectionState(),
    setMaxConcurrentStreams(streams: number): void {
      if (session && !session.destroyed) session.settings({ maxConcurrentStreams: streams });
    },
  });

  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.set(session, newConnection(session));
    session.on('close', () => sessions.delete(session));
  });
  server.on('sessionError', (error) => options.onError?.(error));

  const dispatch = (request: Omit<FakeRequest<C>, 'body' | 'bodyTooLarge'>, body: Readable, reply: Reply): void => {
    const maxBodyBytes = request.path.startsWith(CONTROL_PREFIX) ? MAX_CONTROL_BODY_BYTES : options.maxBodyBytes;
    readBody(body, maxBodyBytes, (bytes, tooLarge) => {
      void answer({ ...request, body: bytes, bodyTooLarge: tooLarge }, reply, options);
    });
  };

  if (options.allowHTTP1) {
    // Adding a 'request' listener makes Node add its compatibility 'stream' listener; HTTP/2 is served
    // below with the stream API instead, so only HTTP/1.1 requests reach this listener.
    server.on('request', (req: IncomingMessage | http2.Http2ServerRequest, res: ServerResponse | http2.Http2ServerResponse) => {
      if (req.httpVersionMajor === 2) return;
      const socket = req.socket;
      let connection = http1Connections.get(socket);
      if (!connection) {
        connection = newConnection();
        http1Connections.set(socket, connection);
      }
      dispatch(
        {
          method: req.method ?? 'GET',
          path: stripQuery(req.url ?? '/'),
          headers: req.headers,
          duplicateHeaders: duplicateNames(req.rawHeaders),
          httpVersion: '1.1',
          origin: `https://${req.headers.host ?? ''}`,
          connection,
        },
        req,
        (response) => {
          if (res.writableEnded || res.destroyed) return;
          (res as ServerResponse).writeHead(response.status, response.headers ?? {});
          res.end(response.body ?? '');
        },
      );
    });
    server.removeAllListeners('stream');
  }

  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
    const connection = sessions.get(stream.session as http2.ServerHttp2Session) ?? newConnection();
    dispatch(
      {
        method: headers[':method'] ?? 'GET',
        path: stripQuery(headers[':path'] ?? '/'),
        headers,
        duplicateHeaders: duplicateNames(rawHeaders),
        httpVersion: '2',
        origin: `https://${headers[':authority'] ?? headers.host ?? ''}`,
        connection,
      },
      stream,
      (response) => {
        if (stream.destroyed || stream.closed || stream.headersSent) return;
        const body = response.body ?? '';
        const empty = typeof body === 'string' ? body.length === 0 : body.length === 0;
        stream.respond({ ':status': response.status, ...response.headers }, { endStream: empty });
        if (!empty) stream.end(body);
      },
    );
    stream.on('error', (error) => options.onError?.(error));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    goaway(debugData: Buffer): void {
      for (const session of sessions.keys()) {
        if (session.destroyed || session.closed) continue;
        session.goaway(http2.constants.NGHTTP2_NO_ERROR, 0, debugData);
        session.close();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function answer<C>(request: FakeRequest<C>, reply: Reply, options: H2ServerOptions<C>): Promise<void> {
  let response: FakeResponse;
  try {
    if (options.control && request.path.startsWith(CONTROL_PREFIX)) {
      response = await options.control(request);
    } else {
      response = await options.handler(request);
      const delayMs = options.latencyMs();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  } catch (error) {
    options.onError?.(error);
    response = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'fake gateway error' };
  }
  try {
    reply(response);
  } catch (error) {
    options.onError?.(error);
  }
}

function readBody(source: Readable, maxBytes: number, done: (body: Buffer, tooLarge: boolean) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  source.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  source.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), tooLarge));
  source.on('error', () => undefined);
}

function stripQuery(path: string): string {
  const question = path.indexOf('?');
  return question === -1 ? path : path.slice(0, question);
}

function duplicateNames(rawHeaders: readonly string[]): string[] {
  if (rawHeaders.length <= 2) return [];
  let duplicates: string[] | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (seen.has(name)) {
      duplicates ??= [];
      if (!duplicates.includes(name)) duplicates.push(name);
    }
    seen.add(name);
  }
  return duplicates ?? [];
}
