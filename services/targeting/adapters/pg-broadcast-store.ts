import { DEFAULT_APP } from '../../shared/contracts/messages';
import type { Queryable } from '../../shared/db/pool';
import type { BroadcastStore, SegmentDevice } from '../ports';
import { BROADCAST_COLUMNS, jobFromRow, rowValuesOf, segmentApps, segmentLocales, type BroadcastRow } from './broadcast-row';
import { DEVICE_COLUMNS, deviceFromRow, PREFERENCE_COLUMNS, preferencesFromRow, type DeviceRow, type PreferenceRow } from './device-row';

// Lease times use the database clock (now()), shared by every instance, so clock skew between
// targeting pods cannot make two of them hold one broadcast.

// Keyset page over one app's active devices in id order after a cursor, served by
// devices_segment_stream_idx (app, id) WHERE active. The scan starts at the cursor only with a plain
// `app = $1 AND id > $2` (a row comparison (app, id) > (...) does not position a btree scan on
// PostgreSQL 15), hence one query per app and two variants. Filters are ANDed; an empty list does
// not filter; a locale matches exactly or by language. pg plans unnamed statements with the actual
// parameters, so the `cardinality(...) = 0 OR` guards fold away.
const segmentPageSql = (afterCursor: boolean): string => `
SELECT ${DEVICE_COLUMNS}, ${PREFERENCE_COLUMNS}
FROM devices d
LEFT JOIN preferences p ON p.user_id = d.user_id
WHERE d.active
  AND d.app = $1
  AND ${afterCursor ? 'd.id > $2::uuid' : '$2::uuid IS NULL'}
  AND (cardinality($3::text[]) = 0 OR d.platform = ANY($3::text[]))
  AND (cardinality($4::text[]) = 0
       OR lower(replace(d.locale, '_', '-')) = ANY($4::text[])
       OR split_part(lower(replace(d.locale, '_', '-')), '-', 1) = ANY($4::text[]))
  AND ($5::timestamptz IS NULL OR d.last_seen_at > $5::timestamptz)
  AND ($6::text[] IS NULL OR d.user_id = ANY($6::text[]))
  AND (cardinality($7::text[]) = 0 OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = d.user_id AND u.tags && $7::text[]))
ORDER BY d.id
LIMIT $8`;
const PAGE_AFTER_CURSOR_SQL = segmentPageSql(true);
const FIRST_PAGE_SQL = segmentPageSql(false);

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
      const filters = [
        s.platforms.map((p) => p.toLowerCase()),
        segmentLocales(trigger),
        s.last_seen_after === null ? null : new Date(s.last_seen_after),
        s.user_ids,
        s.tags,
      ];
      const apps = segmentApps(trigger, defaultApp).filter((app) => cursor === null || app >= cursor.app);
      const page: SegmentDevice[] = [];
      for (const app of apps) {
        const after = cursor !== null && app === cursor.app ? cursor.deviceId : null;
        const { rows } = await db.query<DeviceRow & PreferenceRow>(after === null ? FIRST_PAGE_SQL : PAGE_AFTER_CURSOR_SQL, [
          app,
          after,
          ...filters,
          limit - page.length,
        ]);
        for (const row of rows) page.push({ device: deviceFromRow(row), preferences: preferencesFromRow(row) });
        if (page.length >= limit) break;
      }
      return page;
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
