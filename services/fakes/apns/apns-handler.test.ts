import { generateKeyPairSync } from 'node:crypto';
import { BehaviourBook } from '../shared/behaviour-book';
import { InspectionStore } from '../shared/inspection-store';
import { fakeRequest } from '../test-support/fake-request';
import { signEs256 } from '../test-support/jwt';
import { createApnsHandler, newApnsConnectionState } from './apns-handler';
import { DEFAULT_APNS_JWT_POLICY } from './apns-jwt';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const KEY = { keyId: 'KEYID12345', teamId: 'TEAMID1234', publicKey: pair.publicKey };
const TOKEN = 'ab'.repeat(32);
let nowMs = 1_800_000_000_000;

function setup() {
  const behaviour = new BehaviourBook(() => nowMs, () => 0.5);
  const store = new InspectionStore();
  const handler = createApnsHandler({ keys: new Map([[KEY.keyId, KEY]]), policy: DEFAULT_APNS_JWT_POLICY, authenticatedMaxConcurrentStreams: 500, behaviour, store, clock: () => nowMs });
  return { behaviour, store, handler };
}
const jwt = (iat = Math.floor(nowMs / 1000)) => `bearer ${signEs256({ alg: 'ES256', kid: KEY.keyId }, { iss: KEY.teamId, iat }, pair.privateKey)}`;
const request = (state = newApnsConnectionState(), headers: Record<string, string> = {}, token = TOKEN) =>
  fakeRequest(state, { path: `/3/device/${token}`, headers: { authorization: jwt(), 'apns-topic': 'com.example', ...headers }, body: { aps: { alert: 'hi' } } });

describe('APNs handler', () => {
  it('answers 200 with an empty body and apns-id, and raises the stream limit once per connection', async () => {
    const { handler, store } = setup();
    const state = newApnsConnectionState();
    const first = request(state, { 'apns-id': '123e4567-e89b-12d3-a456-426614174000' });
    expect(await handler(first)).toEqual({ status: 200, headers: { 'apns-id': '123e4567-e89b-12d3-a456-426614174000' } });
    expect(first.raisedTo).toEqual([500]);
    const second = request(state);
    expect((await handler(second)).status).toBe(200);
    expect(second.raisedTo).toEqual([]);
    expect(store.received('apns', TOKEN)).toHaveLength(2);
  });

  it('keeps the stream limit at 1 while pushes fail', async () => {
    const { handler } = setup();
    const req = request(newApnsConnectionState(), { 'apns-priority': '7' });
    expect((await handler(req)).status).toBe(400);
    expect(req.raisedTo).toEqual([]);
  });

  it('answers scripted token states, 410 with the time the token died in ms', async () => {
    const { handler, behaviour } = setup();
    behaviour.setTokenState('apns', TOKEN, 'unregistered');
    const diedAt = nowMs;
    nowMs += 5000;
    const response = await handler(request());
    expect(response.status).toBe(410);
    expect(JSON.parse(String(response.body))).toEqual({ reason: 'Unregistered', timestamp: diedAt });
    behaviour.setTokenState('apns', TOKEN, 'device-token-not-for-topic');
    expect(JSON.parse(String((await handler(request())).body))).toEqual({ reason: 'DeviceTokenNotForTopic' });
  });

  it('answers injected errors as 500 InternalServerError / 503 ServiceUnavailable, without Retry-After', async () => {
    const { handler, behaviour } = setup();
    behaviour.setErrorRate('apns', { rate: 1, status: 503, retryAfterSeconds: 5 });
    const response = await handler(request());
    expect(response.status).toBe(503);
    expect(response.headers?.['retry-after']).toBeUndefined();
    expect(JSON.parse(String(response.body))).toEqual({ reason: 'ServiceUnavailable' });
  });
});
