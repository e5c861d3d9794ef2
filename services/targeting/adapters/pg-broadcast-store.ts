import { DEFAULT_APP } from '../../shared/contracts/messages';
import type { Queryable } from '../../shared/db/pool';
import type { BroadcastStore, SegmentDevice } from '../ports';
import { BROADCAST_COLUMNS, jobFromRow, rowValuesOf, segmentApps, segmentLocales, type BroadcastRow } from './broadcast-row';
import { DEVICE_COLUMNS, deviceFromRow, PREFERENCE_COLUMNS, preferencesFromRow, type DeviceRow, type PreferenceRow } from './device-row';

// Lease times use the database clock (now()), shared by every instance, so clock skew between
// targeting pods cannot make two of them hold one broadcast.

// Keyset page over active devices in (app, id) order, served by devices_segment_stream_idx; the
// filters are ANDed, an empty list does not filter. A locale matches exactly or by language.
const SEGMENT_PAGE_SQL = `
SELECT ${DEVICE_COLUMNS}, ${PREFERENCE_COLUMNS}
FROM devices d
LEFT JOIN preferences p ON p.user_id = d.user_id
WHERE d.active
  AND d.app = ANY($1::text[])
  AND ($2::text IS NULL OR (d.app, d.id) > ($2::text, $3::uuid))
  AND (cardinality($4::text[]) = 0 OR d.platform = ANY($4::text[]))
  AND (cardinality($5::text[]) = 0
       OR lower(replace(d.locale, '_', '-')) = ANY($5::text[])
       OR split_part(lower(replace(d.locale, '_', '-')), '-', 1) = ANY($5::text[]))
  AND ($6::timestamptz IS NULL OR d.last_seen_at > $6::timestamptz)
  AND ($7::text[] IS NULL OR d.user_id = ANY($7::text[]))
  AND (cardinality($8::text[]) = 0 OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = d.user_id AND u.tags && $8::text[]))
ORDER BY d.app, d.id
LIMIT $9`;

const CHECKPOINT_SQL = `
UPDATE broadcasts SET
  cursor_app = $3, cursor_device_id = $4::uuid,
  targeted = targeted + $5, emitted = emitted + $6, suppressed = suppressed + $7,
  suppressed_by_reason = COALESCE((
    SELECT jsonb_object_agg(k, COALESCE((suppressed_by_reason ->> k)::bigint, 0) + COALESCE(($8::jsonb ->> k)::bigint, 0))
    FROM (SELECT jsonb_object_keys(suppressed_by_reason) UNION SELECT jsonb_object_keys($8::jsonb)) AS keys(k)
  ), '{}'::jsonb),
  lease_until = now() + $9 * interval '1 millisecond',
  updated_at = now()
WHERE id = $1 AND lease_owner = $2 AND status = 'running'
RETURNING id`;

export function createPgBroadcastStore(db: Queryable, defaultApp: string = DEFAULT_APP): BroadcastStore {
  return {
    async record(trigger) {
      const { rowCount } = await db.query(
        `INSERT INTO broadcasts (id, app, segment, content, template, category, priority, ttl_seconds, throttle_per_second, triggered_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO NOTHING`,
        [trigger.broadcast_id, ...rowValuesOf(trigger, defaultApp)],
      );
      return rowCount === 1 ? 'created' : 'exists';
    },

    async claim(owner, leaseMs) {
      const { rows } = await db.query<BroadcastRow>(
        `UPDATE broadcasts SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
           status = 'running', started_at = COALESCE(started_at, now()), updated_at = now()
         WHERE id = (
           SELECT id FROM broadcasts
           WHERE status IN ('pending', 'running')
             AND (scheduled_at IS NULL OR scheduled_at <= now())
             AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $1)
           ORDER BY created_at
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
         RETURNING ${BROADCAST_COLUMNS}`,
        [owner, leaseMs],
      );
      const row = rows[0];
      return row === undefined ? null : jobFromRow(row);
    },

    async segmentPage(trigger, cursor, limit) {
      const s = trigger.segment;
      const { rows } = await db.query<DeviceRow & PreferenceRow>(SEGMENT_PAGE_SQL, [
        segmentApps(trigger, defaultApp),
        cursor?.app ?? null,
        cursor?.deviceId ?? null,
        s.platforms.map((p) => p.toLowerCase()),
        segmentLocales(trigger),
        s.last_seen_after === null ? null : new Date(s.last_seen_after),
        s.user_ids,
        s.tags,
        limit,
      ]);
      return rows.map((row): SegmentDevice => ({ device: deviceFromRow(row), preferences: preferencesFromRow(row) }));
    },

    async checkpoint(id, owner, cursor, progress, leaseMs) {
      const { rowCount } = await db.query(CHECKPOINT_SQL, [
        id,
        owner,
        cursor.app,
        cursor.deviceId,
        progress.targeted,
        progress.emitted,
        progress.suppressed,
        JSON.stringify(progress.suppressedByReason),
        leaseMs,
      ]);
      if (rowCount === 1) return 'ok';
      const { rows } = await db.query<{ status: string }>('SELECT status FROM broadcasts WHERE id = $1', [id]);
      return rows[0]?.status === 'cancelled' ? 'cancelled' : 'lease_lost';
    },

    async finish(id, owner, outcome) {
      await db.query(
        `UPDATE broadcasts SET status = $3, failure_reason = $4, completed_at = now(), updated_at = now(),
           lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
        [id, owner, outcome.status, outcome.status === 'failed' ? outcome.reason : null],
      );
    },

    async release(id, owner) {
      await db.query(
        `UPDATE broadcasts SET lease_owner = NULL, lease_until = NULL, updated_at = now() WHERE id = $1 AND lease_owner = $2`,
        [id, owner],
      );
    },
  };
}
