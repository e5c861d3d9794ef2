import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { waitFor } from '../../../test/helpers/wait-for';
import { localTls } from '../test-support/local-tls';
import { bulkStreamLimit, createH2Pool, type H2Pool, type H2PoolOptions } from './h2-pool';
import { TransportError } from './transport-error';

interface TestServer {
  origin: string;
  server: http2.Http2SecureServer;
  /** Most streams open at once on any one session. */
  maxConcurrentSeen: () => number;
  sessions: () => number;
  order: string[];
  close(): Promise<void>;
}

type Handler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, session: http2.Http2Session) => void;

async function startServer(handler: Handler, settings: http2.Settings = { maxConcurrentStreams: 100 }): Promise<TestServer> {
  const tls = localTls();
  const server = http2.createSecureServer({ key: tls.keyPem, cert: tls.certPem, settings });
  const open = new Map<http2.Http2Session, number>();
  let maxSeen = 0;
  let sessionCount = 0;
  const order: string[] = [];
  server.on('session', (session) => {
    sessionCount += 1;
    open.set(session, 0);
  });
  server.on('stream', (stream, headers) => {
    const session = stream.session!;
    const now = (open.get(session) ?? 0) + 1;
    open.set(session, now);
    maxSeen = Math.max(maxSeen, now);
    order.push(String(headers['x-name'] ?? ''));
    stream.on('close', () => open.set(session, (open.get(session) ?? 1) - 1));
    stream.on('error', () => undefined);
    stream.resume();
    stream.on('end', () => handler(stream, headers, session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    server,
    maxConcurrentSeen: () => maxSeen,
    sessions: () => sessionCount,
    order,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of open.keys()) session.destroy();
        server.close(() => resolve());
      }),
  };
}

const ok: Handler = (stream) => {
  stream.respond({ ':status': 200, 'content-type': 'application/json' });
  stream.end('{"ok":true}');
};

function poolFor(origin: string, overrides: Partial<H2PoolOptions> = {}): H2Pool {
  return createH2Pool({
    origin,
    maxConnections: 1,
    maxStreamsPerConnection: 1000,
    requestTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    pingIntervalMs: 60_000,
    secureContext: createSecureContext({ ca: localTls().certPem }),
    ...overrides,
  });
}

const post = (name = '') => ({ ':method': 'POST', ':path': '/x', 'x-name': name });

describe('HTTP/2 pool', () => {
  let server: TestServer | null = null;
  let pool: H2Pool | null = null;
  afterEach(async () => {
    await pool?.close(1_000);
    await server?.close();
    pool = null;
    server = null;
  });

  it('multiplexes many requests over one connection within the peer\'s stream limit', async () => {
    const held: http2.ServerHttp2Stream[] = [];
    server = await startServer((stream) => {
      held.push(stream);
      if (held.length === 5) for (const s of held.splice(0)) ok(s, {}, s.session!);
    }, { maxConcurrentStreams: 5 });
    pool = poolFor(server.origin);
    const answers = await Promise.all(Array.from({ length: 50 }, () => pool!.request(post(), '{}')));
    expect(answers.every((a) => a.status === 200 && a.body === '{"ok":true}')).toBe(true);
    expect(server.sessions()).toBe(1);
    expect(server.maxConcurrentSeen()).toBe(5);
  });

  it('uses one stream until the peer raises its limit (APNs before the first authenticated push)', async () => {
    let raised = false;
    server = await startServer((stream, _headers, session) => {
      if (!raised) {
        raised = true;
        session.settings({ maxConcurrentStreams: 50 });
      }
      setImmediate(() => ok(stream, {}, session));
    }, { maxConcurrentStreams: 1 });
    pool = poolFor(server.origin);
    await Promise.all(Array.from({ length: 40 }, () => pool!.request(post(), '{}')));
    expect(server.sessions()).toBe(1);
    expect(server.maxConcurrentSeen()).toBeGreaterThan(1);
  });

  it('opens more connections, up to the bound, when every stream is busy', async () => {
    const held: http2.ServerHttp2Stream[] = [];
    server = await startServer((stream) => {
      held.push(stream);
      if (held.length === 6) for (const s of held.splice(0)) ok(s, {}, s.session!);
    }, { maxConcurrentStreams: 2 });
    pool = poolFor(server.origin, { maxConnections: 3 });
    await Promise.all(Array.from({ length: 6 }, () => pool!.request(post(), '{}')));
    expect(server.sessions()).toBe(3);
  });

  it('after GOAWAY, finishes what is in flight and continues on a new connection', async () => {
    let first = true;
    server = await startServer((stream, _headers, session) => {
      ok(stream, {}, session);
      if (first) {
        first = false;
        session.goaway(http2.constants.NGHTTP2_NO_ERROR, 1, Buffer.from('{"reason":"Shutdown"}'));
      }
    });
    const events: string[] = [];
    pool = poolFor(server.origin, { onEvent: (e) => events.push(e.kind === 'goaway' ? `goaway:${e.reason}` : e.kind) });
    expect((await pool.request(post(), '{}')).status).toBe(200);
    const later = await Promise.all(Array.from({ length: 5 }, () => pool!.request(post(), '{}')));
    expect(later.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(server.sessions()).toBe(2);
    expect(events).toContain('goaway:Shutdown');
  });

  it('resends once a stream the peer refused unprocessed', async () => {
    let refused = 0;
    server = await startServer((stream, headers, session) => {
      if (headers['x-name'] === 'refuse-me' && refused === 0) {
        refused += 1;
        stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        return;
      }
      ok(stream, {}, session);
    });
    pool = poolFor(server.origin);
    expect((await pool.request(post('refuse-me'), '{}')).status).toBe(200);
    expect(server.order.filter((n) => n === 'refuse-me')).toHaveLength(2);
  });

  it('fails fast with connect_failed when nothing listens', async () => {
    server = await startServer(ok);
    const origin = server.origin;
    await server.close();
    server = null;
    pool = poolFor(origin);
    await expect(pool.request(post(), '{}')).rejects.toMatchObject({ failure: 'connect_failed' });
    await expect(pool.request(post(), '{}')).rejects.toBeInstanceOf(TransportError);
  });

  it('times out a request that gets no answer', async () => {
    server = await startServer(() => undefined);
    pool = poolFor(server.origin, { requestTimeoutMs: 300 });
    await expect(pool.request(post(), '{}')).rejects.toMatchObject({ failure: 'timeout' });
  });

  it('sends queued urgent requests before queued bulk ones', async () => {
    const held: http2.ServerHttp2Stream[] = [];
    server = await startServer((stream) => {
      held.push(stream);
      const next = held.shift();
      if (next) ok(next, {}, next.session!);
    }, { maxConcurrentStreams: 1 });
    pool = poolFor(server.origin);
    const all = [
      pool.request(post('u0'), '{}', 'urgent'),
      pool.request(post('b1'), '{}', 'bulk'),
      pool.request(post('b2'), '{}', 'bulk'),
      pool.request(post('u3'), '{}', 'urgent'),
    ];
    await Promise.all(all);
    expect(server.order).toEqual(['u0', 'u3', 'b1', 'b2']);
  });

  it('keeps streams free for urgent requests while bulk ones hold the rest', async () => {
    const held: http2.ServerHttp2Stream[] = [];
    server = await startServer((stream, headers) => {
      if (String(headers['x-name']).startsWith('u')) ok(stream, headers, stream.session!);
      else held.push(stream);
    }, { maxConcurrentStreams: 10 });
    pool = poolFor(server.origin);
    const bulk = Array.from({ length: 10 }, (_, i) => pool!.request(post(`b${i}`), '{}', 'bulk'));
    await waitFor(() => held.length === bulkStreamLimit(10), { description: 'bulk holding its share of the streams' });
    // Every bulk stream is still open and two bulk requests wait, yet the urgent one is answered.
    await expect(pool.request(post('u0'), '{}', 'urgent')).resolves.toMatchObject({ status: 200 });
    expect(held).toHaveLength(8);
    for (const stream of held.splice(0)) ok(stream, {}, stream.session!);
    await waitFor(() => held.length === 2, { description: 'the queued bulk requests sent once streams freed' });
    for (const stream of held.splice(0)) ok(stream, {}, stream.session!);
    await Promise.all(bulk);
  });

  it('rejects queued requests as gated while the gate is closed, without sending them', async () => {
    server = await startServer(ok);
    let closedUntil: number | null = null;
    pool = poolFor(server.origin, { gate: () => closedUntil });
    expect((await pool.request(post('before'), '{}')).status).toBe(200);
    closedUntil = Date.now() + 60_000;
    await expect(pool.request(post('during'), '{}')).rejects.toMatchObject({ failure: 'gated', gatedUntilMs: closedUntil });
    expect(server.order).toEqual(['before']);
  });

  it('fails a request Node refuses to send (an invalid header) as invalid_request, and carries on', async () => {
    server = await startServer(ok);
    pool = poolFor(server.origin);
    expect((await pool.request(post('a'), '{}')).status).toBe(200);
    await expect(pool.request({ ...post('bad'), 'bad header': 'x' }, '{}')).rejects.toMatchObject({ failure: 'invalid_request' });
    // Node destroys the session over it; the pool replaces the connection.
    expect((await pool.request(post('b'), '{}')).status).toBe(200);
  });

  it('close() lets in-flight requests finish', async () => {
    const held: http2.ServerHttp2Stream[] = [];
    server = await startServer((stream) => held.push(stream));
    pool = poolFor(server.origin);
    const pending = pool.request(post(), '{}');
    await waitFor(() => held.length === 1, { description: 'the request to reach the server', timeoutMs: 5_000, intervalMs: 5 });
    const closing = pool.close(5_000);
    ok(held[0]!, {}, held[0]!.session!);
    expect((await pending).status).toBe(200);
    await closing;
    await expect(pool.request(post(), '{}')).rejects.toMatchObject({ failure: 'pool_closed' });
  });
});
