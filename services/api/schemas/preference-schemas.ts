import { Type, type Static } from '@sinclair/typebox';
import { Category, IsoTime, Nullable, ThreadKey } from './common-schemas';

// Notification preferences of one user. Quiet hours are stored now and enforced by the quiet-hours
// policy later; the time zone is an IANA zone checked against the runtime's ICU data.

export const MAX_CATEGORY_OPT_OUTS = 100;
export const MAX_MUTED_THREAD_KEYS = 1000;

export const QuietHours = Type.Object(
  {
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a 24-hour local time HH:MM' }),
    end: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a 24-hour local time HH:MM' }),
    time_zone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' }),
  },
  { additionalProperties: false, description: 'Local window (may cross midnight) in which pushes are deferred.' },
);
export type QuietHours = Static<typeof QuietHours>;

const fields = {
  push_enabled: Type.Boolean({ description: 'False stops every push to this user (set by the app, e.g. from OS settings).' }),
  opted_out: Type.Boolean({ description: 'Global opt-out: true suppresses every non-critical notification.' }),
  category_opt_outs: Type.Array(Category, { maxItems: MAX_CATEGORY_OPT_OUTS, uniqueItems: true }),
  muted_thread_keys: Type.Array(ThreadKey, { maxItems: MAX_MUTED_THREAD_KEYS, uniqueItems: true }),
  quiet_hours: Nullable(QuietHours),
};

/** PUT: the whole document; a missing field takes its default. */
export const ReplacePreferencesBody = Type.Object(
  {
    push_enabled: Type.Boolean({ ...fields.push_enabled, default: true }),
    opted_out: Type.Boolean({ ...fields.opted_out, default: false }),
    category_opt_outs: Type.Array(Category, { maxItems: MAX_CATEGORY_OPT_OUTS, uniqueItems: true, default: [] }),
    muted_thread_keys: Type.Array(ThreadKey, { maxItems: MAX_MUTED_THREAD_KEYS, uniqueItems: true, default: [] }),
    quiet_hours: Type.Union([QuietHours, Type.Null()], { default: null }),
  },
  { additionalProperties: false },
);
export type ReplacePreferencesBody = Static<typeof ReplacePreferencesBody>;

/** PATCH: only the fields given change (arrays are replaced whole; quiet_hours null clears them). */
export const PatchPreferencesBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
export type PatchPreferencesBody = Static<typeof PatchPreferencesBody>;

export const PreferencesView = Type.Object({
  user_id: Type.String(),
  ...fields,
  updated_at: Nullable(IsoTime),
});
export type PreferencesView = Static<typeof PreferencesView>;
