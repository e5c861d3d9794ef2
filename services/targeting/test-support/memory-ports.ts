import type { BroadcastTrigger, Receipt } from '../../shared/contracts/messages';
import type { PlannedDelivery } from '../fan-out';
import type {
  BroadcastProgress,
  BroadcastStore,
  CheckpointResult,
  Clock,
  DedupPair,
  DedupState,
  DedupStore,
  EventLog,
  SegmentCursor,
  SegmentDevice,
} from '../ports';

// In-memory ports for unit tests of the processors and the broadcast worker.

/**
 * A clock that only moves when slept on: a sleep advances it at once and is recorded, and resolves on
 * the next macrotask (so an idle loop on it never starves the event loop).
 */
export function fakeClock(startMs = 1_000_000): Clock & { slept: number[] } {
  let now = startMs;
  const slept: number[] = [];
  return {
    slept,
    nowMs: () => now,
    sleep: (ms) => {
      if (ms > 0) {
        slept.push(ms);
        now += ms;
      }
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export function memoryEventLog(): EventLog & { deliveries: PlannedDelivery[]; receipts: Receipt[]; calls: number } {
  const log = {
    deliveries: [] as PlannedDelivery[],
    receipts: [] as Receipt[],
    calls: 0,
    emit(deliveries: readonly PlannedDelivery[], receipts: readonly Receipt[]) {
      log.calls += 1;
      log.deliveries.push(...deliveries);
      log.receipts.push(...receipts);
      return Promise.resolve();
    },
  };
  return log;
}

export function memoryDedup(): DedupStore & { rows: Map<string, boolean> } {
  const rows = new Map<string, boolean>();
  const key = (p: DedupPair): string => JSON.stringify([p.eventId, p.userId]);
  return {
    rows,
    claim(pairs) {
      return Promise.resolve(
        pairs.map((p): DedupState => {
          const emitted = rows.get(key(p));
          if (emitted === undefined) {
            rows.set(key(p), false);
            return 'new';
          }
          return emitted ? 'emitted' : 'pending';
        }),
      );
    },
    markEmitted(pairs) {
      for (const p of pairs) rows.set(key(p), true);
      return Promise.resolve();
    },
  };
}

export interface MemoryBroadcast {
  trigger: BroadcastTrigger;
  status: 'pending' | 'running' | 'completed' | 'cancelled' | 'failed';
  owner: string | null;
  cursor: SegmentCursor | null;
  progress: { targeted: number; emitted: number; suppressed: number; suppressedByReason: Record<string, number> };
  failure: string | null;
}

/** Broadcasts over a fixed audience sorted by (app, deviceId); leases never expire unless `expireLeases` is called. */
export function memoryBroadcastStore(audience: readonly SegmentDevice[]): BroadcastStore & {
  broadcasts: Map<string, MemoryBroadcast>;
  expireLeases(): void;
} {
  const broadcasts = new Map<string, MemoryBroadcast>();
  const sorted = [...audience].sort((a, b) =>
    a.device.app === b.device.app ? a.device.deviceId.localeCompare(b.device.deviceId) : a.device.app.localeCompare(b.device.app),
  );
  const after = (d: SegmentDevice, c: SegmentCursor | null): boolean =>
    c === null || d.device.app > c.app || (d.device.app === c.app && d.device.deviceId > c.deviceId);
  const add = (into: Record<string, number>, from: Readonly<Record<string, number>>): void => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  return {
    broadcasts,
    expireLeases() {
      for (const b of broadcasts.values()) b.owner = null;
    },
    record(trigger) {
      if (broadcasts.has(trigger.broadcast_id)) return Promise.resolve('exists');
      broadcasts.set(trigger.broadcast_id, {
        trigger,
        status: 'pending',
        owner: null,
        cursor: null,
        progress: { targeted: 0, emitted: 0, suppressed: 0, suppressedByReason: {} },
        failure: null,
      });
      return Promise.resolve('created');
    },
    claim(owner) {
      for (const b of broadcasts.values()) {
        if ((b.status === 'pending' || b.status === 'running') && (b.owner === null || b.owner === owner)) {
          b.owner = owner;
          b.status = 'running';
          return Promise.resolve({ trigger: b.trigger, cursor: b.cursor });
        }
      }
      return Promise.resolve(null);
    },
    segmentPage(_trigger, cursor, limit) {
      return Promise.resolve(sorted.filter((d) => after(d, cursor)).slice(0, limit));
    },
    checkpoint(id, owner, cursor, progress: BroadcastProgress): Promise<CheckpointResult> {
      const b = broadcasts.get(id)!;
      if (b.status === 'cancelled') return Promise.resolve('cancelled');
      if (b.owner !== owner || b.status !== 'running') return Promise.resolve('lease_lost');
      b.cursor = cursor;
      b.progress.targeted += progress.targeted;
      b.progress.emitted += progress.emitted;
      b.progress.suppressed += progress.suppressed;
      add(b.progress.suppressedByReason, progress.suppressedByReason);
      return Promise.resolve('ok');
    },
    finish(id, owner, outcome) {
      const b = broadcasts.get(id)!;
      if (b.owner === owner && b.status === 'running') {
        b.status = outcome.status;
        b.failure = outcome.status === 'failed' ? outcome.reason : null;
        b.owner = null;
      }
      return Promise.resolve();
    },
    release(id, owner) {
      const b = broadcasts.get(id)!;
      if (b.owner === owner) b.owner = null;
      return Promise.resolve();
    },
  };
}
