import type * as http2 from 'node:http2';
// The default import is Node's own module object (a namespace import would be a copy), so spying on
// it redirects firebase-admin's http2.connect too.
import http2Core from 'node:http2';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getMessaging, type Messaging } from 'firebase-admin/messaging';
import { startFakeGateways, type FakeGateways } from '../index';
import { closeSession, h2Connect, h2Request, type H2Response } from '../test-support/h2-request';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from '../test-support/test-dirs';
import { waitFor } from '../../../test/helpers/wait-for';

const PROJECT = `herald-test-${Math.random().toString(36).slice(2, 8)}`;
const OTHER_TOKEN = 'ya29.other-accepted-token';
let fakes: FakeGateways;
let app: App;
let messaging: Messaging;
let session: http2.ClientHttp2Session;
const token = (): string => `tok${Math.random().toString(36).slice(2)}:APA91b${Math.random().toString(36).slice(2)}`;

/** Dials the fake for fcm.googleapis.com:443 (what firebase-admin's send() uses via httpAgent). */
class LoopbackAgent extends https.Agent {
  constructor(private readonly port: number, private readonly ca: string) {
    super({ keepAlive: true });
  }
  override createConnection(options: tls.ConnectionOptions): Duplex {
    return tls.connect({ ...options, host: '127.0.0.1', port: this.port, servername: 'fcm.googleapis.com', ca: this.ca });
  }
}

beforeAll(async () => {
  fakes = await startFakeGateways({
    tlsDir: TEST_TLS_DIR,
    devCredentialsDir: TEST_CREDENTIALS_DIR,
    auth: { fcm: { acceptedTokens: [OTHER_TOKEN], expiredTokens: ['ya29.expired'], projects: [PROJECT] } },
  });
  const accessToken = fakes.credentials!.fcm.accessToken;
  app = initializeApp(
    {
      credential: { getAccessToken: () => Promise.resolve({ access_token: accessToken, expires_in: 3600 }) },
      projectId: PROJECT,
      httpAgent: new LoopbackAgent(fakes.ports.fcm, fakes.caCertPem),
    },
    PROJECT,
  );
  messaging = getMessaging(app);
  session = await h2Connect(fakes.fcmUrl, fakes.caCertPem);
});
afterAll(async () => {
  await closeSession(session);
  await deleteApp(app);
  await fakes.close();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await fakes.reset('fcm');
});

/** A request shaped as firebase-admin builds it (headers from messaging-api-request-internal and api-request). */
function sendRaw(body: unknown, options: { project?: string; authorization?: string | null } = {}): Promise<H2Response> {
  const headers: http2.OutgoingHttpHeaders = {
    ':path': `/v1/projects/${options.project ?? PROJECT}/messages:send`,
    'x-firebase-client': 'fire-admin-node/13.10.0',
    access_token_auth: 'true',
    'x-goog-api-client': `gl-node/${process.versions.node} fire-admin/13.10.0`,
    'content-type': 'application/json;charset=utf-8',
  };
  if (options.authorization !== null) headers.authorization = options.authorization ?? `Bearer ${fakes.credentials!.fcm.accessToken}`;
  return h2Request(session, headers, JSON.stringify(body));
}

describe('FCM fake with firebase-admin', () => {
  it('accepts send() over HTTP/1.1 and keeps the message as sent (camelCase)', async () => {
    const target = token();
    const name = await messaging.send({ token: target, data: { orderId: '42' }, android: { ttl: 3500, priority: 'high', collapseKey: 'orders' }, apns: { payload: { aps: { badge: 1 } } } });
    expect(name).toMatch(new RegExp(`^projects/${PROJECT}/messages/0:\\d+%[0-9a-f]{16}$`));
    const [received] = await fakes.received('fcm', target);
    expect(received).toMatchObject({
      status: 200,
      messageId: name,
      payload: { token: target, data: { orderId: '42' }, android: { ttl: '3.500000000s', priority: 'HIGH', collapseKey: 'orders' }, apns: { payload: { aps: { badge: 1 } } } },
      headers: { 'x-firebase-client': expect.stringMatching(/^fire-admin-node\//) },
    });
  });

  it('answers dry runs with fake_message_id and maps UNREGISTERED to messaging/registration-token-not-registered', async () => {
    expect(await messaging.send({ token: token(), notification: { title: 't' } }, true)).toBe(`projects/${PROJECT}/messages/fake_message_id`);
    const dead = token();
    await fakes.markDead('fcm', dead);
    await expect(messaging.send({ token: dead })).rejects.toMatchObject({ code: 'messaging/registration-token-not-registered' });
    await expect(messaging.send({ token: dead }, true)).rejects.toMatchObject({ code: 'messaging/registration-token-not-registered' });
  });

  it('accepts sendEach() over HTTP/2 (firebase-admin pointed at the fake)', async () => {
    const realConnect = http2Core.connect;
    const connect = jest.spyOn(http2Core, 'connect').mockImplementation(((_authority: string, options: http2.SecureClientSessionOptions) => {
      const session = realConnect(fakes.fcmUrl, { ...options, ca: fakes.caCertPem });
      // firebase-admin sends `:scheme: https:` (url.parse's protocol; see the TODO(b/401051826) in its
      // api-request.js). Google's front end tolerates it; nghttp2, under Node's HTTP/2 server, resets
      // such a stream with PROTOCOL_ERROR. Everything else goes out exactly as the SDK built it.
      const request = session.request.bind(session);
      session.request = ((headers: http2.OutgoingHttpHeaders, requestOptions?: http2.ClientSessionRequestOptions) =>
        request({ ...headers, ':scheme': 'https' }, requestOptions));
      return session;
    }) as typeof http2Core.connect);
    const dead = token();
    await fakes.markDead('fcm', dead);
    const live = [token(), token()];
    const result = await messaging.sendEach([...live.map((t) => ({ token: t, data: { k: 'v' } })), { token: dead }, { topic: 'news', notification: { body: 'b' } }]);
    expect(connect).toHaveBeenCalled();
    expect(result.successCount).toBe(3);
    expect(result.responses[2]).toMatchObject({ success: false, error: { code: 'messaging/registration-token-not-registered' } });
    expect((await fakes.received('fcm', 'news'))[0]).toMatchObject({ status: 200, payload: { topic: 'news' } });
  });
});

describe('FCM fake on the wire', () => {
  it('advertises 100 concurrent streams', async () => {
    await waitFor(() => session.remoteSettings.maxConcurrentStreams === 100, { description: '100 streams advertised', timeoutMs: 10_000 });
  });

  it('accepts a raw HTTP/2 request shaped as firebase-admin builds it, snake_case and camelCase mixed', async () => {
    const response = await sendRaw({
      message: { token: token(), android: { collapse_key: 'c', restricted_package_name: 'dev.herald', direct_boot_ok: true, ttl: '60s', priority: 'normal' }, fcmOptions: { analytics_label: 'x' } },
      validate_only: false,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ name: expect.stringMatching(`^projects/${PROJECT}/messages/`) });
  });

  type Expected = { http: number; status: string; errorCode?: string; apns?: { statusCode: number; reason: string }; badRequest?: boolean; retryAfter?: boolean };
  const detailsOf = (body: { error: { details?: Array<Record<string, unknown>> } }) => body.error.details ?? [];

  it.each<[string, () => Promise<H2Response>, Expected]>([
    ['a malformed registration token', () => sendRaw({ message: { token: 'bad token' } }), { http: 400, status: 'INVALID_ARGUMENT', errorCode: 'INVALID_ARGUMENT' }],
    ['a non-string data value (schema violation)', () => sendRaw({ message: { token: token(), data: { n: 1 } } }), { http: 400, status: 'INVALID_ARGUMENT', badRequest: true }],
    ['an APNs token APNs disabled', async () => {
      const t = token();
      await fakes.setTokenState('fcm', t, 'apns-unregistered');
      return sendRaw({ message: { token: t } });
    }, { http: 400, status: 'INVALID_ARGUMENT', errorCode: 'INVALID_ARGUMENT', apns: { statusCode: 410, reason: 'Unregistered' } }],
    ['a third-party auth error', async () => {
      const t = token();
      await fakes.setTokenState('fcm', t, 'third-party-auth-error');
      return sendRaw({ message: { token: t } });
    }, { http: 401, status: 'UNAUTHENTICATED', errorCode: 'THIRD_PARTY_AUTH_ERROR', apns: { statusCode: 403, reason: 'InvalidProviderToken' } }],
    ['a missing bearer token', () => sendRaw({ message: { token: token() } }, { authorization: null }), { http: 401, status: 'UNAUTHENTICATED' }],
    ['an expired bearer token', () => sendRaw({ message: { token: token() } }, { authorization: 'Bearer ya29.expired' }), { http: 401, status: 'UNAUTHENTICATED' }],
    ['a sender id mismatch', async () => {
      const t = token();
      await fakes.setTokenState('fcm', t, 'sender-id-mismatch');
      return sendRaw({ message: { token: t } });
    }, { http: 403, status: 'PERMISSION_DENIED', errorCode: 'SENDER_ID_MISMATCH' }],
    ['a project the credentials may not use', () => sendRaw({ message: { token: token() } }, { project: 'someone-else' }), { http: 403, status: 'PERMISSION_DENIED' }],
    ['an unregistered token', async () => {
      const t = token();
      await fakes.markDead('fcm', t);
      return sendRaw({ message: { token: t } });
    }, { http: 404, status: 'NOT_FOUND', errorCode: 'UNREGISTERED' }],
    ['an exhausted project quota', async () => {
      await fakes.setQuota('fcm', { scope: PROJECT, limit: 1, windowMs: 60_000 });
      await sendRaw({ message: { token: token() } });
      return sendRaw({ message: { token: token() } });
    }, { http: 429, status: 'RESOURCE_EXHAUSTED', errorCode: 'QUOTA_EXCEEDED', retryAfter: true }],
    ['an internal error', async () => {
      await fakes.setErrorRate('fcm', { rate: 1, status: 500 });
      return sendRaw({ message: { token: token() } });
    }, { http: 500, status: 'INTERNAL', errorCode: 'INTERNAL' }],
    ['an unavailable backend', async () => {
      await fakes.setErrorRate('fcm', { rate: 1, status: 503, retryAfterSeconds: 3 });
      return sendRaw({ message: { token: token() } });
    }, { http: 503, status: 'UNAVAILABLE', errorCode: 'UNAVAILABLE', retryAfter: true }],
  ])('answers %s as the reference table says', async (_case, act, expected) => {
    const response = await act();
    const body = JSON.parse(response.body) as { error: { code: number; status: string; message: string; details?: Array<Record<string, unknown>> } };
    expect(response.status).toBe(expected.http);
    expect(body.error).toMatchObject({ code: expected.http, status: expected.status, message: expect.any(String) });
    const details = detailsOf(body);
    const fcmError = details.find((d) => d['@type'] === 'type.googleapis.com/google.firebase.fcm.v1.FcmError');
    expect(fcmError?.errorCode).toBe(expected.errorCode);
    const apnsError = details.find((d) => d['@type'] === 'type.googleapis.com/google.firebase.fcm.v1.ApnsError');
    expect(apnsError && { statusCode: apnsError.statusCode, reason: apnsError.reason }).toEqual(expected.apns);
    expect(details.some((d) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest')).toBe(expected.badRequest ?? false);
    expect(response.headers['retry-after'] !== undefined).toBe(expected.retryAfter ?? false);
  });

  it('accepts another configured bearer token, answers unknown paths with 404 and GET with 405', async () => {
    expect((await sendRaw({ message: { token: token() } }, { authorization: `Bearer ${OTHER_TOKEN}` })).status).toBe(200);
    expect((await h2Request(session, { ':path': '/v1/projects/x/messages:sendAll' }, '{}')).status).toBe(404);
    expect((await h2Request(session, { ':method': 'GET', ':path': `/v1/projects/${PROJECT}/messages:send` })).status).toBe(405);
  });

  it('throttles with 429 QUOTA_EXCEEDED and Retry-After, then lifts after it', async () => {
    const throttledAt = Date.now();
    await fakes.throttle('fcm', { durationMs: 2500 });
    const throttled = await sendRaw({ message: { token: token() } });
    expect(throttled.status).toBe(429);
    const retryAfterSeconds = Number(throttled.headers['retry-after']);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await sendRaw({ message: { token: token() } })).status === 200, { description: 'the throttle lifted', timeoutMs: (retryAfterSeconds + 5) * 1000, intervalMs: 100 });
    const liftedAfterMs = Date.now() - throttledAt;
    expect(liftedAfterMs).toBeGreaterThanOrEqual(2400);
    expect(liftedAfterMs).toBeLessThanOrEqual(retryAfterSeconds * 1000 + 5000);
  });

  it('counts per status and errorCode', async () => {
    const dead = token();
    await fakes.markDead('fcm', dead);
    await sendRaw({ message: { token: dead } });
    await sendRaw({ message: { token: token() } });
    const { fcm } = await fakes.counters();
    expect(fcm).toMatchObject({ requests: 2, accepted: 1, rejected: 1, byStatus: { 200: 1, 404: 1 }, byReason: { UNREGISTERED: 1 } });
  });
});
