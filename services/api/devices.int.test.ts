import { randomBytes } from 'node:crypto';
import { startApiHarness, uniqueUser, type ApiHarness } from './test-support/api-harness';

// Device registration against real PostgreSQL: idempotent refresh, token rotation, a token moving to
// another user, masked listing, unregistering.

let h: ApiHarness;
let writeKey: string;

beforeAll(async () => {
  h = await startApiHarness();
  writeKey = await h.key('devices:write', 'devices:read');
});
afterAll(async () => h.close());

const fcmToken = (): string => `${randomBytes(8).toString('hex')}:APA91b${randomBytes(100).toString('base64url')}`;

async function register(userId: string, body: Record<string, unknown>, auth = `Bearer ${writeKey}`) {
  return h.inject({ method: 'POST', url: `/v1/users/${userId}/devices`, headers: { authorization: auth }, payload: body });
}

async function tokenRows(token: string): Promise<{ id: string; user_id: string; active: boolean }[]> {
  const result = await h.pool.query<{ id: string; user_id: string; active: boolean }>(
    'SELECT id, user_id, active FROM devices WHERE token = $1',
    [token],
  );
  return result.rows;
}

describe('device registration', () => {
  it('is idempotent: registering the same token twice keeps one device', async () => {
    const user = uniqueUser();
    const token = fcmToken();
    const first = await register(user, { platform: 'ANDROID', token, locale: 'de-DE' });
    expect(first.statusCode).toBe(201);
    const second = await register(user, { platform: 'ANDROID', token, locale: 'de-AT' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ outcome: 'refreshed', device: { device_id: first.json().device.device_id, locale: 'de-AT' } });
    expect(await tokenRows(token)).toHaveLength(1);
  });

  it('rotates a token: the new token replaces the old one on the same device', async () => {
    const user = uniqueUser();
    const oldToken = fcmToken();
    const newToken = fcmToken();
    const created = (await register(user, { platform: 'ANDROID', token: oldToken })).json();
    const rotated = await register(user, { platform: 'ANDROID', token: newToken, device_id: created.device.device_id });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json()).toMatchObject({ outcome: 'rotated', device: { device_id: created.device.device_id } });
    expect(await tokenRows(oldToken)).toHaveLength(0);
    expect(await tokenRows(newToken)).toEqual([{ id: created.device.device_id, user_id: user, active: true }]);
  });

  it('refuses to rotate a device of another user', async () => {
    const owner = uniqueUser();
    const created = (await register(owner, { platform: 'ANDROID', token: fcmToken() })).json();
    const response = await register(uniqueUser(), { platform: 'ANDROID', token: fcmToken(), device_id: created.device.device_id });
    expect(response.statusCode).toBe(404);
  });

  it('moves a token to the user who registers it last, never sharing it', async () => {
    const [alice, bob] = [uniqueUser('alice'), uniqueUser('bob')];
    const token = fcmToken();
    await register(alice, { platform: 'ANDROID', token });
    const moved = await register(bob, { platform: 'ANDROID', token });
    expect(moved.json().outcome).toBe('moved');
    expect((await tokenRows(token)).map((r) => r.user_id)).toEqual([bob]);
  });

  it('lists devices with masked tokens and unregisters them', async () => {
    const user = uniqueUser();
    const token = fcmToken();
    const created = (await register(user, { platform: 'ANDROID', token })).json();
    const list = await h.inject({ method: 'GET', url: `/v1/users/${user}/devices`, headers: { authorization: `Bearer ${writeKey}` } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json().devices).toEqual([expect.objectContaining({ device_id: created.device.device_id, token_masked: expect.stringContaining('…') })]);
    const removed = await h.inject({
      method: 'DELETE',
      url: `/v1/users/${user}/devices/${created.device.device_id}`,
      headers: { authorization: `Bearer ${writeKey}` },
    });
    expect(removed.statusCode).toBe(204);
    const after = await h.inject({ method: 'GET', url: `/v1/users/${user}/devices`, headers: { authorization: `Bearer ${writeKey}` } });
    expect(after.json().devices).toEqual([]);
  });

  it('limits registrations per user with 429 and Retry-After', async () => {
    const limited = await startApiHarness({ registrationRateMax: 2 });
    try {
      const key = await limited.key('devices:write');
      const user = uniqueUser();
      const send = () =>
        limited.inject({ method: 'POST', url: `/v1/users/${user}/devices`, headers: { authorization: `Bearer ${key}` }, payload: { platform: 'ANDROID', token: fcmToken() } });
      expect((await send()).statusCode).toBe(201);
      expect((await send()).statusCode).toBe(201);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.json()).toMatchObject({ code: 'RATE_LIMITED' });
      const otherUser = await limited.inject({
        method: 'POST',
        url: `/v1/users/${uniqueUser()}/devices`,
        headers: { authorization: `Bearer ${key}` },
        payload: { platform: 'ANDROID', token: fcmToken() },
      });
      expect(otherUser.statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
