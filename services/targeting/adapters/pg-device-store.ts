import type { Queryable } from '../../shared/db/pool';
import type { DeviceStore, PreferenceStore } from '../ports';
import type { Preferences } from '../preference-policy';
import type { TargetDevice } from '../target-device';
import { DEVICE_COLUMNS, deviceFromRow, PREFERENCE_COLUMNS, preferencesFromRow, type DeviceRow, type PreferenceRow } from './device-row';

/** Devices through devices_user_active_idx, one query per batch of users. */
export function createPgDeviceStore(db: Queryable): DeviceStore {
  return {
    async activeDevices(app, userIds) {
      const byUser = new Map<string, TargetDevice[]>();
      if (userIds.length === 0) return byUser;
      const { rows } = await db.query<DeviceRow>(
        `SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.active AND d.app = $1 AND d.user_id = ANY($2::text[]) ORDER BY d.user_id, d.id`,
        [app, userIds],
      );
      for (const row of rows) {
        const device = deviceFromRow(row);
        const list = byUser.get(device.userId);
        if (list === undefined) byUser.set(device.userId, [device]);
        else list.push(device);
      }
      return byUser;
    },
  };
}

/** Preferences by primary key, one query per batch of users. */
export function createPgPreferenceStore(db: Queryable): PreferenceStore {
  return {
    async preferencesOf(userIds) {
      const byUser = new Map<string, Preferences>();
      if (userIds.length === 0) return byUser;
      const { rows } = await db.query<PreferenceRow & { user_id: string }>(
        `SELECT p.user_id, ${PREFERENCE_COLUMNS} FROM preferences p WHERE p.user_id = ANY($1::text[])`,
        [userIds],
      );
      for (const row of rows) byUser.set(row.user_id, preferencesFromRow(row));
      return byUser;
    },
  };
}
