import { randomBytes, randomUUID } from 'node:crypto';
import { SCOPES, scopeAllows, type Scope } from './auth/scopes';
import { startApiHarness, uniqueUser, type ApiHarness } from './test-support/api-harness';

// The authorization matrix: every endpoint × every API-key scope (exactly its scopes pass), user JWTs
// reach only their own devices and preferences, and bad credentials are 401, never 403.

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h.close());

const fcmToken = (): string => `${randomBytes(8).toString('hex')}:APA91b${randomBytes(100).toString('base64url')}`;

interface Endpoint {
  readonly name: string;
  readonly method: string;
  readonly url: (userId: string) => string;
  readonly body?: () => unknown;
  readonly scope: Scope;
  /** A user JWT for the path's user may call it. */
  readonly self: boolean;
}

const send = () => ({ user_ids: ['nobody'], category: 'chat', content: { title: 't', body: 'b' } });
const broadcast = () => ({ segment: { user_ids: ['nobody'] }, content: { title: 't', body: 'b' } });

const ENDPOINTS: readonly Endpoint[] = [
  { name: 'register device', method: 'POST', url: (u) => `/v1/users/${u}/devices`, body: () => ({ platform: 'ANDROID', token: fcmToken() }), scope: 'devices:write', self: true },
  { name: 'list devices', method: 'GET', url: (u) => `/v1/users/${u}/devices`, scope: 'devices:read', self: true },
  { name: 'remove device', method: 'DELETE', url: (u) => `/v1/users/${u}/devices/${randomUUID()}`, scope: 'devices:write', self: true },
  { name: 'get preferences', method: 'GET', url: (u) => `/v1/users/${u}/preferences`, scope: 'devices:read', self: true },
  { name: 'replace preferences', method: 'PUT', url: (u) => `/v1/users/${u}/preferences`, body: () => ({ opted_out: false }), scope: 'devices:write', self: true },
  { name: 'patch preferences', method: 'PATCH', url: (u) => `/v1/users/${u}/preferences`, body: () => ({ push_enabled: true }), scope: 'devices:write', self: true },
  { name: 'send', method: 'POST', url: () => '/v1/notifications', body: send, scope: 'send', self: false },
  { name: 'create broadcast', method: 'POST', url: () => '/v1/broadcasts', body: broadcast, scope: 'broadcast', self: false },
  { name: 'list broadcasts', method: 'GET', url: () => '/v1/broadcasts', scope: 'broadcast', self: false },
  { name: 'broadcast status', method: 'GET', url: () => `/v1/broadcasts/${randomUUID()}`, scope: 'broadcast', self: false },
  { name: 'cancel broadcast', method: 'POST', url: () => `/v1/broadcasts/${randomUUID()}/cancel`, scope: 'broadcast', self: false },
  { name: 'receipts', method: 'GET', url: (u) => `/v1/receipts?user_id=${u}`, scope: 'receipts:read', self: false },
  { name: 'list dead letters', method: 'GET', url: () => '/v1/dead-letters', scope: 'admin', self: false },
  { name: 'show dead letter', method: 'GET', url: () => '/v1/dead-letters/999999999999', scope: 'admin', self: false },
  { name: 'replay dead letter', method: 'POST', url: () => '/v1/dead-letters/999999999999/replay', scope: 'admin', self: false },
  { name: 'replay dead letters', method: 'POST', url: () => '/v1/dead-letters/replay', body: () => ({ ids: ['999999999999'] }), scope: 'admin', self: false },
  { name: 'discard dead letter', method: 'POST', url: () => '/v1/dead-letters/999999999999/discard', scope: 'admin', self: false },
];

function call(endpoint: Endpoint, userId: string, authorization?: string) {
  return h.inject({
    method: endpoint.method,
    url: endpoint.url(userId),
    headers: authorization === undefined ? {} : { authorization },
    ...(endpoint.body ? { payload: endpoint.body() } : {}),
  });
}

describe('API-key scopes', () => {
  const keys = new Map<Scope, string>();
  beforeAll(async () => {
    for (const scope of SCOPES) keys.set(scope, await h.key(scope));
  });

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s is open to exactly the keys whose scope allows it', async (_name, endpoint) => {
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const scope of SCOPES) {
      const response = await call(endpoint, uniqueUser(), `Bearer ${keys.get(scope) ?? ''}`);
      outcome[scope] = response.statusCode === 403 ? 'forbidden' : response.statusCode === 401 ? 'unauthenticated' : 'allowed';
      expected[scope] = scopeAllows([scope], endpoint.scope) ? 'allowed' : 'forbidden';
      if (response.statusCode >= 500) throw new Error(`${endpoint.name} with ${scope}: ${response.statusCode} ${response.body}`);
    }
    expect(outcome).toEqual(expected);
  });
});

describe('user tokens', () => {
  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s: own data only, never service endpoints', async (_name, endpoint) => {
    const alice = uniqueUser('alice');
    const token = `Bearer ${await h.userToken(alice)}`;
    const own = await call(endpoint, alice, token);
    const other = await call(endpoint, uniqueUser('bob'), token);
    if (endpoint.self) {
      expect([401, 403]).not.toContain(own.statusCode);
      expect(own.statusCode).toBeLessThan(500);
      expect(other.statusCode).toBe(403);
    } else {
      expect(own.statusCode).toBe(403);
      expect(other.statusCode).toBe(403);
    }
  });

  it("cannot list, change or delete another user's devices and preferences, which stay as they were", async () => {
    const [alice, bob] = [uniqueUser('alice'), uniqueUser('bob')];
    const serviceKey = await h.key('devices:write');
    const device = (
      await h.inject({ method: 'POST', url: `/v1/users/${bob}/devices`, headers: { authorization: `Bearer ${serviceKey}` }, payload: { platform: 'ANDROID', token: fcmToken() } })
    ).json();
    await h.inject({ method: 'PUT', url: `/v1/users/${bob}/preferences`, headers: { authorization: `Bearer ${serviceKey}` }, payload: { category_opt_outs: ['marketing'] } });
    const asAlice = { authorization: `Bearer ${await h.userToken(alice)}` };
    const attempts = await Promise.all([
      h.inject({ method: 'GET', url: `/v1/users/${bob}/devices`, headers: asAlice }),
      h.inject({ method: 'DELETE', url: `/v1/users/${bob}/devices/${device.device.device_id}`, headers: asAlice }),
      h.inject({ method: 'POST', url: `/v1/users/${bob}/devices`, headers: asAlice, payload: { platform: 'ANDROID', token: fcmToken() } }),
      h.inject({ method: 'GET', url: `/v1/users/${bob}/preferences`, headers: asAlice }),
      h.inject({ method: 'PUT', url: `/v1/users/${bob}/preferences`, headers: asAlice, payload: { opted_out: true } }),
      h.inject({ method: 'PATCH', url: `/v1/users/${bob}/preferences`, headers: asAlice, payload: { opted_out: true } }),
    ]);
    expect(attempts.map((a) => a.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    const devices = await h.pool.query('SELECT active FROM devices WHERE user_id = $1', [bob]);
    expect(devices.rows).toEqual([{ active: true }]);
    const prefs = await h.pool.query('SELECT global_opt_out, category_opt_outs FROM preferences WHERE user_id = $1', [bob]);
    expect(prefs.rows).toEqual([{ global_opt_out: false, category_opt_outs: ['marketing'] }]);
  });
});

describe('credentials', () => {
  const registerUrl = (u: string) => `/v1/users/${u}/devices`;

  it.each([
    ['missing', () => Promise.resolve(undefined)],
    ['not Bearer', () => Promise.resolve('Basic dXNlcjpwdw==')],
    ['an unknown API key', () => Promise.resolve(`Bearer hk_000000000000_${randomBytes(32).toString('base64url')}`)],
    ['a revoked API key', async () => {
      const created = await h.apiKeys.create('to-revoke', ['admin']);
      await h.apiKeys.revoke(created.summary.id, new Date());
      return `Bearer ${created.key}`;
    }],
    ['an expired user token', async () => `Bearer ${await h.userToken('u1', { expSeconds: -120 })}`],
    ['a user token for another audience', async () => `Bearer ${await h.userToken('u1', { audience: 'someone-else' })}`],
    ['a user token signed with another secret', async () => `Bearer ${await h.userToken('u1', { secret: 'x'.repeat(64) })}`],
    ['garbage', () => Promise.resolve('Bearer not-a-credential')],
  ])('%s → 401 with WWW-Authenticate', async (_what, credential) => {
    const authorization = await credential();
    const response = await h.inject({
      method: 'GET',
      url: registerUrl('u1'),
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('checks credentials before the body: no validation detail leaks to an unauthenticated caller', async () => {
    const response = await h.inject({ method: 'POST', url: registerUrl('u1'), payload: { platform: 'NOKIA' } });
    expect(response.statusCode).toBe(401);
  });
});
