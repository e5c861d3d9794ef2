import type { FieldProblem } from '../api-errors';
import type { PatchPreferencesBody, QuietHours, ReplacePreferencesBody } from '../schemas/preference-schemas';
import type { PreferencesFields, QuietHoursRecord } from '../stores/preference-store';
import type { Checked } from './device-tokens';
import { canonicalTimeZone } from './time-zone';

// Request bodies → preference fields. Shapes were checked by the schema; here the time zone is checked
// against ICU and an empty quiet-hours window (start = end) is refused.

function quietHours(input: QuietHours | null, problems: FieldProblem[]): QuietHoursRecord | null {
  if (input === null) return null;
  const timeZone = canonicalTimeZone(input.time_zone);
  if (timeZone === null) problems.push({ field: 'body.quiet_hours.time_zone', reason: 'is not an IANA time zone' });
  if (input.start === input.end) problems.push({ field: 'body.quiet_hours.end', reason: 'must differ from start' });
  return { start: input.start, end: input.end, timeZone: timeZone ?? input.time_zone };
}

export function parseReplacePreferences(body: ReplacePreferencesBody): Checked<PreferencesFields> {
  const problems: FieldProblem[] = [];
  const fields: PreferencesFields = {
    pushEnabled: body.push_enabled,
    optedOut: body.opted_out,
    categoryOptOuts: body.category_opt_outs,
    mutedThreadKeys: body.muted_thread_keys,
    quietHours: quietHours(body.quiet_hours, problems),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: fields };
}

export function parsePatchPreferences(body: PatchPreferencesBody): Checked<Partial<PreferencesFields>> {
  const problems: FieldProblem[] = [];
  const fields: { -readonly [K in keyof PreferencesFields]?: PreferencesFields[K] } = {};
  if (body.push_enabled !== undefined) fields.pushEnabled = body.push_enabled;
  if (body.opted_out !== undefined) fields.optedOut = body.opted_out;
  if (body.category_opt_outs !== undefined) fields.categoryOptOuts = body.category_opt_outs;
  if (body.muted_thread_keys !== undefined) fields.mutedThreadKeys = body.muted_thread_keys;
  if (body.quiet_hours !== undefined) fields.quietHours = quietHours(body.quiet_hours, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: fields };
}
