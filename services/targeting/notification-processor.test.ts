import { createNotificationProcessor } from './notification-processor';
import type { DeviceStore, PreferenceStore } from './ports';
import { DEFAULT_PREFERENCES, type Preferences } from './preference-policy';
import type { TargetDevice } from './target-device';
import { aDevice, aNotification } from './test-support/fixtures';
import { fakeClock, memoryDedup, memoryEventLog } from './test-support/memory-ports';

const devices: Record<string, TargetDevice[]> = {
  u1: [aDevice({ deviceId: 'd1', userId: 'u1' }), aDevice({ deviceId: 'd2', userId: 'u1', provider: 'APNS', platform: 'IOS' })],
  u2: [aDevice({ deviceId: 'd3', userId: 'u2' })],
};
const prefs: Record<string, Preferences> = { u2: { ...DEFAULT_PREFERENCES, globalOptOut: true } };
const deviceStore: DeviceStore = {
  activeDevices: (_app, userIds) => Promise.resolve(new Map(userIds.flatMap((u) => (devices[u] ? [[u, devices[u]] as const] : [])))),
};
const preferenceStore: PreferenceStore = {
  preferencesOf: (userIds) => Promise.resolve(new Map(userIds.flatMap((u) => (prefs[u] ? [[u, prefs[u]] as const] : [])))),
};

function setup() {
  const dedup = memoryDedup();
  const eventLog = memoryEventLog();
  const process = createNotificationProcessor({
    devices: deviceStore,
    preferences: preferenceStore,
    dedup,
    eventLog,
    catalog: new Map(),
    clock: fakeClock(2000),
    stage: 'targeting',
  });
  return { dedup, eventLog, process };
}

describe('notification processor', () => {
  it('fans out, records suppressions and NO_DEVICES, then marks every pair emitted', async () => {
    const { dedup, eventLog, process } = setup();
    await process([{ notification: aNotification(), userIds: ['u1', 'u2', 'u3'] }]);
    expect(eventLog.deliveries.map((d) => d.delivery.device_id)).toEqual(['d1', 'd2']);
    expect(eventLog.receipts.map((r) => [r.user_id, r.reason])).toEqual([
      ['u2', 'OPTED_OUT'],
      ['u3', 'NO_DEVICES'],
    ]);
    expect([...dedup.rows.values()]).toEqual([true, true, true]);
  });

  it('records a replayed event as DEDUPLICATED and emits nothing again', async () => {
    const { eventLog, process } = setup();
    await process([{ notification: aNotification(), userIds: ['u1'] }]);
    await process([{ notification: aNotification(), userIds: ['u1'] }]);
    expect(eventLog.deliveries).toHaveLength(2);
    expect(eventLog.receipts.map((r) => r.status)).toEqual(['DEDUPLICATED']);
  });

  it('treats the same (event, user) twice in one batch as a duplicate', async () => {
    const { eventLog, process } = setup();
    await process([
      { notification: aNotification(), userIds: ['u1', 'u1'] },
      { notification: aNotification(), userIds: ['u1'] },
    ]);
    expect(eventLog.deliveries).toHaveLength(2);
    expect(eventLog.receipts.map((r) => r.status)).toEqual(['DEDUPLICATED', 'DEDUPLICATED']);
  });

  it('re-emits pairs a crash left pending, with the same delivery ids', async () => {
    const { dedup, eventLog, process } = setup();
    await dedup.claim([{ eventId: 'e1', userId: 'u1' }]);
    await process([{ notification: aNotification(), userIds: ['u1'] }]);
    expect(eventLog.deliveries).toHaveLength(2);
    expect(dedup.rows.get(JSON.stringify(['e1', 'u1']))).toBe(true);
  });

  it('does not mark pairs emitted when producing fails (a retry re-emits them)', async () => {
    const dedup = memoryDedup();
    const process = createNotificationProcessor({
      devices: deviceStore,
      preferences: preferenceStore,
      dedup,
      eventLog: { emit: () => Promise.reject(new Error('broker down')) },
      catalog: new Map(),
      clock: fakeClock(),
      stage: 'targeting',
    });
    await expect(process([{ notification: aNotification(), userIds: ['u1'] }])).rejects.toThrow('broker down');
    expect([...dedup.rows.values()]).toEqual([false]);
  });
});
