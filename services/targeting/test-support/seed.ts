import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

// Rows for integration tests, written the way the API writes them (lower-case symbols, token hash).

export interface DeviceSeed {
  readonly app: string;
  readonly userId: string;
  readonly provider: 'fcm' | 'apns' | 'webpush';
  readonly platform?: 'android' | 'ios' | 'web';
  readonly locale?: string | null;
  readonly active?: boolean;
}

const PLATFORM = { fcm: 'android', apns: 'ios', webpush: 'web' } as const;

/** Inserts one device; returns its id. */
export async function seedDevice(pool: Pool, seed: DeviceSeed): Promise<string> {
  const token =
    seed.provider === 'apns'
      ? randomBytes(32).toString('hex')
      : seed.provider === 'webpush'
        ? `https://push.example/sub/${randomBytes(12).toString('hex')}`
        : `fcm-${randomBytes(24).toString('base64url')}`;
  const active = seed.active ?? true;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO devices (app, user_id, platform, provider, token, token_hash, webpush_p256dh, webpush_auth, apns_environment,
                          locale, active, deactivated_at)
     VALUES ($1, $2, $3, $4, $5, sha256(convert_to($5, 'UTF8')), $6, $7, $8, $9, $10, CASE WHEN $10 THEN NULL ELSE now() END)
     RETURNING id`,
    [
      seed.app,
      seed.userId,
      seed.platform ?? PLATFORM[seed.provider],
      seed.provider,
      token,
      seed.provider === 'webpush' ? 'BP256dh-key' : null,
      seed.provider === 'webpush' ? 'auth-secret' : null,
      seed.provider === 'apns' ? 'sandbox' : null,
      seed.locale ?? null,
      active,
    ],
  );
  return rows[0]!.id;
}

/**
 * `count` active devices of `app` spread over `users` users (`<userPrefix>-<n>`), providers cycling
 * fcm/apns/webpush and locales en/de-DE. One statement, so thousands take milliseconds.
 */
export async function seedAudience(pool: Pool, app: string, userPrefix: string, count: number, users: number): Promise<void> {
  await pool.query(
    `INSERT INTO devices (app, user_id, platform, provider, token, token_hash, webpush_p256dh, webpush_auth, apns_environment, locale)
     SELECT $1, $2 || '-' || (g % $4), p.platform, p.provider, t.token, sha256(convert_to(t.token, 'UTF8')),
            CASE WHEN p.provider = 'webpush' THEN 'BP256dh-key' END, CASE WHEN p.provider = 'webpush' THEN 'auth-secret' END,
            CASE WHEN p.provider = 'apns' THEN 'production' END, CASE WHEN g % 2 = 0 THEN 'de-DE' ELSE 'en' END
     FROM generate_series(1, $3::int) AS g
     CROSS JOIN LATERAL (SELECT (ARRAY['android','ios','web'])[g % 3 + 1] AS platform,
                                (ARRAY['fcm','apns','webpush'])[g % 3 + 1] AS provider) AS p
     CROSS JOIN LATERAL (SELECT $1 || '-token-' || g AS token) AS t`,
    [app, userPrefix, count, users],
  );
}

export interface PreferencesSeed {
  readonly globalOptOut?: boolean;
  readonly pushEnabled?: boolean;
  readonly categoryOptOuts?: readonly string[];
  readonly mutedThreadKeys?: readonly string[];
}

export async function seedPreferences(pool: Pool, userId: string, p: PreferencesSeed): Promise<void> {
  await pool.query(
    `INSERT INTO preferences (user_id, global_opt_out, push_enabled, category_opt_outs, muted_thread_keys)
     VALUES ($1, $2, $3, $4, $5)`,
    [userId, p.globalOptOut ?? false, p.pushEnabled ?? true, p.categoryOptOuts ?? [], p.mutedThreadKeys ?? []],
  );
}
