import type { Pool, PoolClient } from 'pg';
import { dbSymbol, type ApnsEnvironment, type Platform, type Provider } from '../../shared/contracts/messages';
import type { DeviceRecord, DeviceRegistration, DeviceStore, RegisterOutcome, RegisterResult } from './device-store';
import { hashToken as tokenHash } from '../../shared/db/token-hash';
import { asConflict, inTransaction, upper } from './pg-support';

interface DeviceRow {
  id: string;
  user_id: string;
  app: string;
  platform: string;
  provider: string;
  token: string;
  apns_environment: string | null;
  locale: string | null;
  time_zone: string | null;
  app_version: string | null;
  active: boolean;
  created_at: Date;
  last_seen_at: Date;
  deactivation_reason: string | null;
}

const COLUMNS =
  'id, user_id, app, platform, provider, token, apns_environment, locale, time_zone, app_version, active, created_at, last_seen_at, deactivation_reason';

function toRecord(row: DeviceRow): DeviceRecord {
  return {
    deviceId: row.id,
    userId: row.user_id,
    app: row.app,
    platform: upper<Platform>(row.platform),
    provider: upper<Provider>(row.provider),
    token: row.token,
    apnsEnvironment: row.apns_environment === null ? null : upper<ApnsEnvironment>(row.apns_environment),
    locale: row.locale,
    timeZone: row.time_zone,
    appVersion: row.app_version,
    active: row.active,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    deactivationReason: row.deactivation_reason,
  };
}

/** Column values every registration writes, in the order of $5.. in the statements below. */
function attributes(r: DeviceRegistration): unknown[] {
  return [
    dbSymbol(r.platform),
    r.webpushKeys?.p256dh ?? null,
    r.webpushKeys?.auth ?? null,
    r.apnsEnvironment === null ? null : dbSymbol(r.apnsEnvironment),
    r.locale,
    r.timeZone,
    r.appVersion,
  ];
}

const REFRESH_SET = `platform = $5, webpush_p256dh = $6, webpush_auth = $7, apns_environment = $8, locale = $9,
  time_zone = $10, app_version = $11, active = true, deactivated_at = NULL, deactivation_reason = NULL, last_seen_at = $12`;

/** Insert, or refresh the row holding this token (moving it to this user): one statement, no race. */
async function upsertByToken(client: PoolClient, r: DeviceRegistration, now: Date): Promise<{ row: DeviceRow; outcome: RegisterOutcome }> {
  const result = await client.query<DeviceRow & { previous_user_id: string | null; inserted: boolean }>(
    `WITH previous AS (
       SELECT user_id FROM devices WHERE app = $2 AND provider = $3 AND token_hash = $13
     )
     INSERT INTO devices (user_id, app, provider, token, platform, webpush_p256dh, webpush_auth, apns_environment,
                          locale, time_zone, app_version, last_seen_at, token_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12)
     ON CONFLICT (app, provider, token_hash) DO UPDATE SET user_id = $1, ${REFRESH_SET}
     RETURNING ${COLUMNS}, (SELECT user_id FROM previous) AS previous_user_id, (xmax = 0) AS inserted`,
    [r.userId, r.app, dbSymbol(r.provider), r.token, ...attributes(r), now, tokenHash(r.token)],
  );
  const row = result.rows[0];
  if (!row) throw new Error('device upsert returned no row');
  const outcome: RegisterOutcome = row.inserted ? 'created' : row.previous_user_id === r.userId ? 'refreshed' : 'moved';
  return { row, outcome };
}

async function rotate(client: PoolClient, r: DeviceRegistration, deviceId: string, now: Date): Promise<RegisterResult> {
  const target = await client.query<{ id: string; token: string }>(
    'SELECT id, token FROM devices WHERE id = $1 AND user_id = $2 AND app = $3 AND provider = $4 FOR UPDATE',
    [deviceId, r.userId, r.app, dbSymbol(r.provider)],
  );
  const current = target.rows[0];
  if (!current) return { ok: false, reason: 'rotate_target_not_found' };
  const holder = await client.query<{ id: string }>(
    'SELECT id FROM devices WHERE app = $1 AND provider = $2 AND token_hash = $3 FOR UPDATE',
    [r.app, dbSymbol(r.provider), tokenHash(r.token)],
  );
  const holderId = holder.rows[0]?.id;
  if (holderId !== undefined && holderId !== deviceId) {
    // The new token is already a device of its own: keep that one, retire the rotated one.
    await client.query(
      `UPDATE devices SET active = false, deactivated_at = $2, deactivation_reason = 'replaced' WHERE id = $1 AND active`,
      [deviceId, now],
    );
    const { row } = await upsertByToken(client, r, now);
    return { ok: true, device: toRecord(row), outcome: 'rotated' };
  }
  const updated = await client.query<DeviceRow>(
    `UPDATE devices SET token = $4, token_hash = $13, ${REFRESH_SET}
     WHERE id = $1 AND user_id = $2 AND app = $3 RETURNING ${COLUMNS}`,
    [deviceId, r.userId, r.app, r.token, ...attributes(r), now, tokenHash(r.token)],
  );
  const row = updated.rows[0];
  if (!row) return { ok: false, reason: 'rotate_target_not_found' };
  return { ok: true, device: toRecord(row), outcome: current.token === r.token ? 'refreshed' : 'rotated' };
}

export function createPgDeviceStore(pool: Pool): DeviceStore {
  return {
    async register(registration, now) {
      try {
        return await inTransaction(pool, async (client) => {
          if (registration.rotateDeviceId !== null) return rotate(client, registration, registration.rotateDeviceId, now);
          const { row, outcome } = await upsertByToken(client, registration, now);
          return { ok: true, device: toRecord(row), outcome };
        });
      } catch (error) {
        throw asConflict(error, 'the device');
      }
    },

    async list(userId, options) {
      const result = await pool.query<DeviceRow>(
        `SELECT ${COLUMNS} FROM devices
         WHERE user_id = $1 AND ($2::text IS NULL OR app = $2) AND (active OR $3)
         ORDER BY created_at, id`,
        [userId, options.app, options.includeInactive],
      );
      return result.rows.map(toRecord);
    },

    async remove(userId, deviceId) {
      const result = await pool.query(
        `UPDATE devices SET active = false, deactivated_at = now(), deactivation_reason = 'unregistered'
         WHERE id = $1 AND user_id = $2 AND active`,
        [deviceId, userId],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}
