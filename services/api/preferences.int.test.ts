import { startApiHarness, uniqueUser, type ApiHarness } from './test-support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h.close());

it('gets defaults, replaces, patches, and a user manages their own with a JWT', async () => {
  const user = uniqueUser();
  const headers = { authorization: `Bearer ${await h.userToken(user)}` };
  const url = `/v1/users/${user}/preferences`;
  const defaults = await h.inject({ method: 'GET', url, headers });
  expect(defaults.json()).toEqual({
    user_id: user, push_enabled: true, opted_out: false, category_opt_outs: [], muted_thread_keys: [], quiet_hours: null, updated_at: null,
  });
  const replaced = await h.inject({
    method: 'PUT', url, headers,
    payload: { category_opt_outs: ['marketing'], quiet_hours: { start: '22:00', end: '07:00', time_zone: 'europe/berlin' } },
  });
  expect(replaced.json()).toMatchObject({ category_opt_outs: ['marketing'], quiet_hours: { time_zone: 'Europe/Berlin' }, opted_out: false });
  const patched = await h.inject({ method: 'PATCH', url, headers, payload: { muted_thread_keys: ['chat:42'], opted_out: true } });
  expect(patched.json()).toMatchObject({ category_opt_outs: ['marketing'], muted_thread_keys: ['chat:42'], opted_out: true, quiet_hours: { start: '22:00' } });
  const cleared = await h.inject({ method: 'PATCH', url, headers, payload: { quiet_hours: null } });
  expect(cleared.json()).toMatchObject({ quiet_hours: null, muted_thread_keys: ['chat:42'] });
  const row = (await h.pool.query('SELECT global_opt_out, muted_thread_keys, quiet_hours FROM preferences WHERE user_id = $1', [user])).rows[0];
  expect(row).toEqual({ global_opt_out: true, muted_thread_keys: ['chat:42'], quiet_hours: null });
});
