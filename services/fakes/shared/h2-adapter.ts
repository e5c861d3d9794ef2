import * as http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
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
  /** Answers paths under /__control/ (the control API); undefined when the path is not a control path. */
  control?: (request: FakeRequest<C>) => Promise<FakeResponse> | undefined;
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

type Req = http2.Http2ServerRequest;
type Res = http2.Http2ServerResponse;

/**
 * HTTP/2 over TLS (plus HTTP/1.1 when allowed) around a transport-free handler: reads the body with a
 * bound, keeps per-connection state, applies scripted latency, writes the answer.
 */
export async function startH2Server<C>(options: H2ServerOptions<C>): Promise<RunningH2Server> {
  const server = http2.createSecureServer({
    key: options.keyPem,
    cert: options.certPem,
    allowHTTP1: options.allowHTTP1,
    settings: { maxConcurrentStreams: options.initialMaxConcurrentStreams },
  });
  const connections = new WeakMap<object, FakeConnection<C>>();
  const sockets = new Set<Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  let nextConnectionId = 1;

  const connectionOf = (req: Req): FakeConnection<C> => {
    const owner: object = req.stream?.session ?? req.socket;
    let connection = connections.get(owner);
    if (!connection) {
      const session = req.stream?.session;
      connection = {
        id: nextConnectionId++,
        state: options.newConnectionState(),
        setMaxConcurrentStreams(streams: number): void {
          if (session && !session.destroyed) session.settings({ maxConcurrentStreams: streams });
        },
      };
      connections.set(owner, connection);
    }
    return connection;
  };

  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('sessionError', (error) => options.onError?.(error));
  server.on('request', (req: Req, res: Res) => {
    const path = pathOf(req);
    const maxBodyBytes = path.startsWith('/__control/') ? MAX_CONTROL_BODY_BYTES : options.maxBodyBytes;
    readBody(req, maxBodyBytes, (body, tooLarge) => {
      const request: FakeRequest<C> = {
        method: req.method,
        path,
        headers: req.headers,
        duplicateHeaders: duplicateNames(req.rawHeaders),
        body,
        bodyTooLarge: tooLarge,
        httpVersion: req.httpVersionMajor === 2 ? '2' : '1.1',
        origin: `https://${req.headers[':authority'] ?? req.headers.host ?? ''}`,
        connection: connectionOf(req),
      };
      void answer(request, res, options);
    });
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
      for (const session of sessions) {
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

async function answer<C>(request: FakeRequest<C>, res: Res, options: H2ServerOptions<C>): Promise<void> {
  let response: FakeResponse;
  try {
    const control = request.path.startsWith('/__control/') ? options.control?.(request) : undefined;
    if (control) {
      response = await control;
    } else {
      response = await options.handler(request);
      const delayMs = options.latencyMs();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  } catch (error) {
    options.onError?.(error);
    response = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'fake gateway error' };
  }
  if (res.closed || res.destroyed) return;
  try {
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? '');
  } catch (error) {
    options.onError?.(error);
  }
}

function readBody(req: Req, maxBytes: number, done: (body: Buffer, tooLarge: boolean) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), tooLarge));
  req.on('error', () => undefined);
}

function pathOf(req: Req): string {
  const raw = req.headers[':path'] ?? req.url;
  const question = raw.indexOf('?');
  return question === -1 ? raw : raw.slice(0, question);
}

function duplicateNames(rawHeaders: readonly string[]): string[] {
  if (rawHeaders.length <= 2) return [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (seen.has(name) && !duplicates.includes(name)) duplicates.push(name);
    seen.add(name);
  }
  return duplicates;
}
