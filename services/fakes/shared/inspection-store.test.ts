import { headersForInspection, InspectionStore, type ReceivedPush } from './inspection-store';

const push = (token: string, atMs: number): ReceivedPush => ({ provider: 'fcm', token, atMs, status: 200, headers: {}, payload: null });

describe('InspectionStore', () => {
  it('counts every answer by status and reason', () => {
    const store = new InspectionStore();
    store.record('apns', 200, undefined, () => push('a', 1));
    store.record('apns', 410, 'Unregistered', () => push('a', 2));
    expect(store.snapshot().apns).toEqual({ requests: 2, accepted: 1, rejected: 1, byStatus: { 200: 1, 410: 1 }, byReason: { Unregistered: 1 } });
  });

  it('captures nothing when capture is off, and does not even build the record', () => {
    const store = new InspectionStore({ capture: false, maxEntries: 10, maxPerToken: 10 });
    const build = jest.fn(() => push('a', 1));
    store.record('fcm', 200, undefined, build);
    expect(build).not.toHaveBeenCalled();
    expect(store.received('fcm', 'a')).toEqual([]);
    expect(store.snapshot().fcm.requests).toBe(1);
  });

  it('keeps memory bounded per token and in total', () => {
    const store = new InspectionStore({ capture: true, maxEntries: 3, maxPerToken: 2 });
    for (let i = 0; i < 3; i += 1) store.record('fcm', 200, undefined, () => push('a', i));
    expect(store.received('fcm', 'a').map((p) => p.atMs)).toEqual([1, 2]);
    store.record('fcm', 200, undefined, () => push('b', 10));
    store.record('fcm', 200, undefined, () => push('b', 11));
    expect(store.received('fcm', 'a').map((p) => p.atMs)).toEqual([2]);
    expect(store.received('fcm', 'b').map((p) => p.atMs)).toEqual([10, 11]);
  });

  it('resets one provider or all', () => {
    const store = new InspectionStore();
    store.record('fcm', 200, undefined, () => push('a', 1));
    store.record('apns', 200, undefined, () => ({ ...push('a', 1), provider: 'apns' }));
    store.reset('fcm');
    expect(store.received('fcm', 'a')).toEqual([]);
    expect(store.received('apns', 'a')).toHaveLength(1);
    expect(store.snapshot().fcm.requests).toBe(0);
    store.reset();
    expect(store.snapshot().apns.requests).toBe(0);
  });

  it('shortens credentials in captured headers and drops pseudo-headers', () => {
    expect(headersForInspection({ ':path': '/x', authorization: `bearer ${'x'.repeat(100)}`, ttl: '60' })).toEqual({
      authorization: `bearer ${'x'.repeat(17)}…`,
      ttl: '60',
    });
  });
});
