import { mergeReplies, perWorkerLimit } from './cluster-merge';
import { emptyCounters, type ReceivedPush } from './shared/inspection-store';

const push = (atMs: number): ReceivedPush => ({ provider: 'fcm', token: 't', atMs, status: 200, headers: {}, payload: null });

describe('cluster reply merging', () => {
  it('merges captures from all workers by time', () => {
    expect(mergeReplies('received', [{ received: [push(3), push(1)] }, { received: [push(2)] }]).received.map((p) => p.atMs)).toEqual([1, 2, 3]);
  });

  it('sums counters', () => {
    const a = emptyCounters();
    a.fcm = { requests: 2, accepted: 1, rejected: 1, byStatus: { 200: 1, 404: 1 }, byReason: { UNREGISTERED: 1 } };
    const b = emptyCounters();
    b.fcm = { requests: 1, accepted: 1, rejected: 0, byStatus: { 200: 1 }, byReason: {} };
    expect(mergeReplies('counters', [{ counters: a }, { counters: b }]).counters.fcm).toEqual({ requests: 3, accepted: 2, rejected: 1, byStatus: { 200: 2, 404: 1 }, byReason: { UNREGISTERED: 1 } });
  });

  it('splits a quota over the workers', () => {
    expect(perWorkerLimit(600_000, 4)).toBe(150_000);
    expect(perWorkerLimit(1, 2)).toBe(1);
  });
});
