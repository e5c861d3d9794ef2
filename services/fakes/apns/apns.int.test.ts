import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type * as http2 from 'node:http2';
import * as apn from '@parse/node-apn';
import { startFakeGateways, type FakeGateways } from '../index';
import { closeSession, h2Connect, h2Request } from '../test-support/h2-request';
import { signEs256 } from '../test-support/jwt';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from '../test-support/test-dirs';
import { waitFor } from '../../../test/helpers/wait-for';

let fakes: FakeGateways;
let provider: apn.Provider;
let topic: string;
let sharedToken: string;
const deviceToken = (): string => randomBytes(32).toString('hex');

beforeAll(async () => {
  fakes = await startFakeGateways({ tlsDir: TEST_TLS_DIR, devCredentialsDir: TEST_CREDENTIALS_DIR });
  const { apns } = fakes.credentials!;
  topic = apns.topic;
  provider = new apn.Provider({
    token: { key: apns.keyPath, keyId: apns.keyId, teamId: apns.teamId },
    address: new URL(fakes.apnsUrl).hostname,
    port: fakes.ports.apns,
    ca: [fakes.caCertPem],
    production: false,
  });
  // One provider token for the whole run, as a real provider reuses it (a new iat per request is refused).
  sharedToken = providerToken();
});
afterAll(async () => {
  await provider.shutdown();
  await fakes.close();
});

function providerToken(iat = Math.floor(Date.now() / 1000)): string {
  const { apns } = fakes.credentials!;
  return `bearer ${signEs256({ alg: 'ES256', kid: apns.keyId }, { iss: apns.teamId, iat }, createPrivateKey(apns.privateKeyPem))}`;
}

function push(session: http2.ClientHttp2Session, token: string, headers: http2.OutgoingHttpHeaders = {}, body = '{"aps":{"alert":"hi"}}') {
  return h2Request(session, { ':path': `/3/device/${token}`, authorization: sharedToken, 'apns-topic': topic, 'apns-push-type': 'alert', ...headers }, body);
}

describe('APNs fake with @parse/node-apn', () => {
  it('accepts a notification for a live token and keeps what arrived', async () => {
    const token = deviceToken();
    const note = new apn.Notification({ alert: { title: 'Hi', body: 'there' }, topic, pushType: 'alert', payload: { orderId: 7 } });
    const result = await provider.send(note, token);
    expect(result.failed).toEqual([]);
    expect(result.sent).toEqual([expect.objectContaining({ device: token })]);
    const [received] = await fakes.received('apns', token);
    expect(received).toMatchObject({ status: 200, payload: { aps: { alert: { title: 'Hi', body: 'there' } }, orderId: 7 }, headers: { 'apns-topic': topic } });
  });

  it('surfaces BadDeviceToken and Unregistered (with a millisecond timestamp) through node-apn', async () => {
    const dead = deviceToken();
    await fakes.markDead('apns', dead);
    const result = await provider.send(new apn.Notification({ alert: 'x', topic, pushType: 'alert' }), ['not-hex', dead]);
    const byDevice = new Map(result.failed.map((f) => [f.device, f]));
    expect(byDevice.get('not-hex')).toMatchObject({ status: 400, response: { reason: 'BadDeviceToken' } });
    const unregistered = byDevice.get(dead);
    expect(unregistered).toMatchObject({ status: 410, response: { reason: 'Unregistered' } });
    const timestamp = (unregistered?.response as { timestamp?: number } | undefined)?.timestamp ?? 0;
    expect(Math.abs(timestamp - Date.now())).toBeLessThan(60_000);
  });
});

describe('APNs fake on the wire', () => {
  let session: http2.ClientHttp2Session;
  beforeEach(async () => {
    session = await h2Connect(fakes.apnsUrl, fakes.caCertPem);
  });
  afterEach(async () => {
    await closeSession(session);
  });

  it('starts at one concurrent stream and raises the limit after the first authenticated success', async () => {
    await waitFor(() => session.remoteSettings.maxConcurrentStreams === 1, { description: 'one stream before authentication', timeoutMs: 10_000 });
    const apnsId = randomUUID();
    const ok = await push(session, deviceToken(), { 'apns-id': apnsId });
    expect(ok).toMatchObject({ status: 200, body: '' });
    expect(ok.headers['apns-id']).toBe(apnsId);
    await waitFor(() => session.remoteSettings.maxConcurrentStreams === 500, { description: 'streams raised after the first authenticated push', timeoutMs: 10_000 });
  });

  it('answers provider token problems with 403 and too frequent token changes with 429', async () => {
    const token = deviceToken();
    const reasonOf = async (authorization: string | undefined) => {
      const headers: http2.OutgoingHttpHeaders = { ':path': `/3/device/${token}`, 'apns-topic': topic };
      if (authorization !== undefined) headers.authorization = authorization;
      const response = await h2Request(session, headers, '{"aps":{}}');
      return [response.status, (JSON.parse(response.body) as { reason: string }).reason];
    };
    expect(await reasonOf(undefined)).toEqual([403, 'MissingProviderToken']);
    expect(await reasonOf('bearer a.b.c')).toEqual([403, 'InvalidProviderToken']);
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const forged = `bearer ${signEs256({ alg: 'ES256', kid: fakes.credentials!.apns.keyId }, { iss: fakes.credentials!.apns.teamId, iat: Math.floor(Date.now() / 1000) }, otherKey)}`;
    expect(await reasonOf(forged)).toEqual([403, 'InvalidProviderToken']);
    expect(await reasonOf(providerToken(Math.floor(Date.now() / 1000) - 3601))).toEqual([403, 'ExpiredProviderToken']);
    const now = Math.floor(Date.now() / 1000);
    expect((await h2Request(session, { ':path': `/3/device/${token}`, 'apns-topic': topic, authorization: providerToken(now) }, '{"aps":{}}')).status).toBe(200);
    expect(await reasonOf(providerToken(now - 60))).toEqual([429, 'TooManyProviderTokenUpdates']);
  });

  it.each<[string, http2.OutgoingHttpHeaders, string | undefined, number, string]>([
    ['a 65-byte collapse id', { 'apns-collapse-id': 'c'.repeat(65) }, undefined, 400, 'BadCollapseId'],
    ['background at priority 10', { 'apns-push-type': 'background', 'apns-priority': '10' }, undefined, 400, 'BadPriority'],
    ['priority 3', { 'apns-priority': '3' }, undefined, 400, 'BadPriority'],
    ['an unknown push type', { 'apns-push-type': 'shout' }, undefined, 400, 'InvalidPushType'],
    ['a bad expiration', { 'apns-expiration': 'soon' }, undefined, 400, 'BadExpirationDate'],
    ['a bad apns-id', { 'apns-id': 'not-a-uuid' }, undefined, 400, 'BadMessageId'],
    ['a repeated header', { 'apns-topic': ['dev.herald.app', 'dev.herald.app'] }, undefined, 400, 'DuplicateHeaders'],
    ['an empty payload', {}, '', 400, 'PayloadEmpty'],
    ['a 4097-byte payload', {}, `{"a":"${'x'.repeat(4089)}"}`, 413, 'PayloadTooLarge'],
    ['a 5121-byte voip payload', { 'apns-push-type': 'voip', 'apns-topic': 'dev.herald.app.voip' }, `{"a":"${'x'.repeat(5113)}"}`, 413, 'PayloadTooLarge'],
  ])('rejects %s', async (_case, headers, body, status, reason) => {
    const response = await push(session, deviceToken(), headers, body);
    expect([response.status, JSON.parse(response.body)]).toEqual([status, { reason }]);
  });

  it('answers a missing topic, a bad path and a wrong method', async () => {
    const noTopic = await h2Request(session, { ':path': `/3/device/${deviceToken()}`, authorization: sharedToken }, '{"aps":{}}');
    expect([noTopic.status, JSON.parse(noTopic.body).reason]).toEqual([400, 'MissingTopic']);
    const badPath = await h2Request(session, { ':path': '/3/devices/abc', authorization: sharedToken }, '{}');
    expect([badPath.status, JSON.parse(badPath.body).reason]).toEqual([404, 'BadPath']);
    const get = await h2Request(session, { ':method': 'GET', ':path': `/3/device/${deviceToken()}`, authorization: sharedToken });
    expect([get.status, JSON.parse(get.body).reason]).toEqual([405, 'MethodNotAllowed']);
  });

  it('accepts a 5120-byte voip payload', async () => {
    const response = await push(session, deviceToken(), { 'apns-push-type': 'voip', 'apns-topic': `${topic}.voip` }, `{"a":"${'x'.repeat(5112)}"}`);
    expect(response.status).toBe(200);
  });

  it('throttles one token with 429 TooManyRequests until the window ends', async () => {
    const token = deviceToken();
    await fakes.throttle('apns', { durationMs: 2500, token });
    const throttled = await push(session, token);
    expect([throttled.status, JSON.parse(throttled.body).reason]).toEqual([429, 'TooManyRequests']);
    expect((await push(session, deviceToken())).status).toBe(200);
    await waitFor(async () => (await push(session, token)).status === 200, { description: 'the throttle lifted', timeoutMs: 10_000, intervalMs: 100 });
  });

  it('sends GOAWAY with {"reason":"Shutdown"} on request', async () => {
    expect((await push(session, deviceToken())).status).toBe(200);
    const goaway = new Promise<string>((resolve) => session.once('goaway', (_code, _last, data?: Buffer) => resolve(data?.toString() ?? '')));
    await fakes.goaway('apns');
    expect(JSON.parse(await goaway)).toEqual({ reason: 'Shutdown' });
  });
});
