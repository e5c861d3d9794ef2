import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateRequestDetails } from 'web-push';
import { startFakeGateways, type FakeGateways } from '../../fakes';
import { isTransportError } from '../http2/transport-error';
import { localTls } from '../test-support/local-tls';
import { secureContextTrusting } from '../transport-settings';
import { createWebPushTransport, type WebPushTransport } from './client';

// The transport against the fake push service (a Node/nghttp2 HTTP/2 server, as most are). nghttp2
// servers answer a burst of ~1000 RST_STREAMs on a connection (then 33/s) with GOAWAY(INTERNAL_ERROR)
// since the HTTP/2 "rapid reset" fix (CVE-2023-44487): a client that resets every finished stream
// loses the connection, and every request in flight on it, after about a thousand requests.

let fakes: FakeGateways;
let transport: WebPushTransport | null = null;

beforeAll(async () => {
  fakes = await startFakeGateways({ capture: false });
});
afterEach(async () => {
  await transport?.close(1_000);
  transport = null;
});
afterAll(async () => {
  await fakes.close();
});

interface Push {
  readonly endpoint: string;
  readonly headers: Record<string, string | number>;
  readonly body: Buffer;
}

/** One valid push built by the web-push library (independent of our own request building). */
async function aValidPush(): Promise<Push> {
  const vapid = fakes.credentials!.vapid;
  const subscription = await fakes.createWebPushSubscription({ applicationServerKey: vapid.publicKey });
  const details = generateRequestDetails(subscription, '{"title":"Hi"}', { TTL: 60, vapidDetails: vapid });
  return { endpoint: subscription.endpoint, headers: details.headers, body: details.body };
}

/** Sends `total` requests with at most `concurrency` in flight; statuses and transport failures tallied. */
async function pushMany(push: Push, total: number, concurrency: number): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started += 1;
      let key: string;
      try {
        key = `status ${(await transport!.post(push.endpoint, push.headers, push.body)).status}`;
      } catch (error) {
        key = isTransportError(error) ? `${error.failure}: ${error.message}` : String(error);
      }
      tally[key] = (tally[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tally;
}

describe('Web Push transport under load', () => {
  it('keeps its connection through thousands of pushes on it: every one answered, none lost', async () => {
    transport = createWebPushTransport({
      maxSessions: 1,
      http1MaxSocketsPerOrigin: 4,
      requestTimeoutMs: 30_000,
      secureContext: secureContextTrusting(fakes.caCertPem),
    });
    const push = await aValidPush();
    const total = 3_000;

    const tally = await pushMany(push, total, 200);

    expect(tally).toEqual({ 'status 201': total });
    expect((await fakes.counters()).webpush.requests).toBeGreaterThanOrEqual(total);
  });
});

describe('Web Push transport negotiation', () => {
  it('sends over HTTP/1.1 to a push service that does not offer h2', async () => {
    const tls = localTls();
    const seen: Array<{ httpVersion: string; path: string; ttl: string | undefined; body: string }> = [];
    const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ httpVersion: request.httpVersion, path: request.url ?? '', ttl: request.headers.ttl as string | undefined, body: Buffer.concat(chunks).toString() });
        response.writeHead(201, { location: 'https://push.example/m/1' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      transport = createWebPushTransport({ maxSessions: 1, http1MaxSocketsPerOrigin: 2, requestTimeoutMs: 5_000, secureContext: secureContextTrusting(tls.certPem) });
      const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/push/abc?x=1`;

      const answers = await Promise.all([1, 2, 3].map((n) => transport!.post(endpoint, { TTL: 60 }, Buffer.from(`body ${n}`))));

      expect(answers.map((a) => [a.status, a.headers.location])).toEqual([1, 2, 3].map(() => [201, 'https://push.example/m/1']));
      expect(seen.map((s) => s.httpVersion)).toEqual(['1.1', '1.1', '1.1']);
      expect(seen.map((s) => [s.path, s.ttl, s.body]).sort()).toEqual([1, 2, 3].map((n) => ['/push/abc?x=1', '60', `body ${n}`]));
    } finally {
      await transport?.close(1_000);
      transport = null;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails as connect_failed when the push service cannot be reached', async () => {
    const server = https.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    transport = createWebPushTransport({ maxSessions: 1, http1MaxSocketsPerOrigin: 2, requestTimeoutMs: 5_000, secureContext: null });

    const failure = await transport.post(`https://127.0.0.1:${port}/push/abc`, { TTL: 60 }, null).catch((error: unknown) => error);

    expect(isTransportError(failure) && failure.failure).toBe('connect_failed');
  });
});
