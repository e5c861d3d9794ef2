import type { ApnsEnvironment, Platform, Provider } from '../../shared/contracts/messages';
import { DEFAULT_PREFERENCES, type Preferences } from '../preference-policy';
import type { TargetDevice } from '../target-device';

/** Columns of `devices` targeting selects (DEVICE_COLUMNS), as pg returns them. */
export interface DeviceRow {
  readonly id: string;
  readonly user_id: string;
  readonly app: string;
  readonly provider: string;
  readonly platform: string;
  readonly token: string;
  readonly locale: string | null;
  readonly webpush_p256dh: string | null;
  readonly webpush_auth: string | null;
  readonly apns_environment: string | null;
}

export const DEVICE_COLUMNS =
  'd.id, d.user_id, d.app, d.provider, d.platform, d.token, d.locale, d.webpush_p256dh, d.webpush_auth, d.apns_environment';

/** The database stores Avro symbols in lower case; targeting works with the Avro spelling. */
export function deviceFromRow(row: DeviceRow): TargetDevice {
  return {
    deviceId: row.id,
    userId: row.user_id,
    app: row.app,
    provider: row.provider.toUpperCase() as Provider,
    platform: row.platform.toUpperCase() as Platform,
    token: row.token,
    locale: row.locale,
    webpushKeys:
      row.webpush_p256dh !== null && row.webpush_auth !== null ? { p256dh: row.webpush_p256dh, auth: row.webpush_auth } : null,
    apnsEnvironment: row.apns_environment === null ? null : (row.apns_environment.toUpperCase() as ApnsEnvironment),
  };
}

/** Columns of `preferences` (aliased p), null when the user has no row. */
export interface PreferenceRow {
  readonly global_opt_out: boolean | null;
  readonly push_enabled: boolean | null;
  readonly category_opt_outs: string[] | null;
  readonly muted_thread_keys: string[] | null;
}

export const PREFERENCE_COLUMNS = 'p.global_opt_out, p.push_enabled, p.category_opt_outs, p.muted_thread_keys';

export function preferencesFromRow(row: PreferenceRow): Preferences {
  if (row.global_opt_out === null) return DEFAULT_PREFERENCES;
  return {
    globalOptOut: row.global_opt_out,
    pushEnabled: row.push_enabled ?? true,
    categoryOptOuts: row.category_opt_outs ?? [],
    mutedThreadKeys: row.muted_thread_keys ?? [],
  };
}
