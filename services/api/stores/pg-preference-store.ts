import type { Pool } from 'pg';
import { DEFAULT_PREFERENCES, type PreferenceStore, type PreferencesFields, type PreferencesRecord, type QuietHoursRecord } from './preference-store';

interface PreferencesRow {
  user_id: string;
  global_opt_out: boolean;
  push_enabled: boolean;
  category_opt_outs: string[];
  muted_thread_keys: string[];
  quiet_hours: { start?: unknown; end?: unknown; time_zone?: unknown } | null;
  updated_at: Date;
}

const COLUMNS = 'user_id, global_opt_out, push_enabled, category_opt_outs, muted_thread_keys, quiet_hours, updated_at';

function quietHoursOf(json: PreferencesRow['quiet_hours']): QuietHoursRecord | null {
  if (json === null || typeof json.start !== 'string' || typeof json.end !== 'string') return null;
  return { start: json.start, end: json.end, timeZone: typeof json.time_zone === 'string' ? json.time_zone : 'UTC' };
}

function toRecord(row: PreferencesRow): PreferencesRecord {
  return {
    userId: row.user_id,
    pushEnabled: row.push_enabled,
    optedOut: row.global_opt_out,
    categoryOptOuts: row.category_opt_outs,
    mutedThreadKeys: row.muted_thread_keys,
    quietHours: quietHoursOf(row.quiet_hours),
    updatedAt: row.updated_at,
  };
}

const quietHoursJson = (q: QuietHoursRecord | null): string | null =>
  q === null ? null : JSON.stringify({ start: q.start, end: q.end, time_zone: q.timeZone });

export function createPgPreferenceStore(pool: Pool): PreferenceStore {
  return {
    async get(userId) {
      const result = await pool.query<PreferencesRow>(`SELECT ${COLUMNS} FROM preferences WHERE user_id = $1`, [userId]);
      const row = result.rows[0];
      return row ? toRecord(row) : { userId, ...DEFAULT_PREFERENCES, updatedAt: null };
    },

    async replace(userId, fields: PreferencesFields, now) {
      const result = await pool.query<PreferencesRow>(
        `INSERT INTO preferences (user_id, global_opt_out, push_enabled, category_opt_outs, muted_thread_keys, quiet_hours, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
         ON CONFLICT (user_id) DO UPDATE SET global_opt_out = $2, push_enabled = $3, category_opt_outs = $4,
           muted_thread_keys = $5, quiet_hours = $6::jsonb, updated_at = $7
         RETURNING ${COLUMNS}`,
        [userId, fields.optedOut, fields.pushEnabled, fields.categoryOptOuts, fields.mutedThreadKeys, quietHoursJson(fields.quietHours), now],
      );
      return toRecord(result.rows[0] as PreferencesRow);
    },

    async patch(userId, fields, now) {
      // $n IS NULL means "not given": every given value replaces, the rest keep the stored (or default) one.
      const setQuiet = fields.quietHours !== undefined;
      const merged = { ...DEFAULT_PREFERENCES, ...fields };
      const result = await pool.query<PreferencesRow>(
        `INSERT INTO preferences (user_id, global_opt_out, push_enabled, category_opt_outs, muted_thread_keys, quiet_hours, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $11)
         ON CONFLICT (user_id) DO UPDATE SET
           global_opt_out = CASE WHEN $7 THEN $2 ELSE preferences.global_opt_out END,
           push_enabled = CASE WHEN $8 THEN $3 ELSE preferences.push_enabled END,
           category_opt_outs = CASE WHEN $9 THEN $4 ELSE preferences.category_opt_outs END,
           muted_thread_keys = CASE WHEN $10 THEN $5 ELSE preferences.muted_thread_keys END,
           quiet_hours = CASE WHEN $12 THEN $6::jsonb ELSE preferences.quiet_hours END,
           updated_at = $11
         RETURNING ${COLUMNS}`,
        [
          userId,
          merged.optedOut,
          merged.pushEnabled,
          merged.categoryOptOuts,
          merged.mutedThreadKeys,
          quietHoursJson(merged.quietHours),
          fields.optedOut !== undefined,
          fields.pushEnabled !== undefined,
          fields.categoryOptOuts !== undefined,
          fields.mutedThreadKeys !== undefined,
          now,
          setQuiet,
        ],
      );
      return toRecord(result.rows[0] as PreferencesRow);
    },
  };
}
