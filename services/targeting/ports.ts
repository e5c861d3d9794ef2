import type { BroadcastTrigger, Receipt } from '../shared/contracts/messages';
import type { PlannedDelivery } from './fan-out';
import type { Preferences } from './preference-policy';
import type { TargetDevice } from './target-device';

// One port per external system targeting talks to. Adapters: pg-*.ts (PostgreSQL), kafka-event-log.ts.

/** Active devices of users, for transactional fan-out. */
export interface DeviceStore {
  /** Active devices of `userIds` in `app`, by user id (users without devices are absent). */
  activeDevices(app: string, userIds: readonly string[]): Promise<ReadonlyMap<string, readonly TargetDevice[]>>;
}

/** User preferences; a user without a row gets DEFAULT_PREFERENCES. */
export interface PreferenceStore {
  preferencesOf(userIds: readonly string[]): Promise<ReadonlyMap<string, Preferences>>;
}

export interface DedupPair {
  readonly eventId: string;
  readonly userId: string;
}

/** new: first time seen; pending: seen, but a crash came before its outcome was acknowledged; emitted: done. */
export type DedupState = 'new' | 'pending' | 'emitted';

/** Durable (event id, user id) ledger. */
export interface DedupStore {
  /** Records every pair as pending unless already present, and tells each pair's state before the call. */
  claim(pairs: readonly DedupPair[]): Promise<DedupState[]>;
  /** Marks pairs emitted once their deliveries and receipts are acknowledged. */
  markEmitted(pairs: readonly DedupPair[]): Promise<void>;
}

/** Where deliveries and receipts go (Kafka). Resolves once the broker acknowledged everything. */
export interface EventLog {
  emit(deliveries: readonly PlannedDelivery[], receipts: readonly Receipt[]): Promise<void>;
}

/** Time, injected so decisions and throttles are testable. */
export interface Clock {
  nowMs(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted === true || ms <= 0) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Counters added to a broadcast at a checkpoint. */
export interface BroadcastProgress {
  readonly targeted: number;
  readonly emitted: number;
  readonly suppressed: number;
  readonly suppressedByReason: Readonly<Record<string, number>>;
}

export interface SegmentCursor {
  readonly app: string;
  readonly deviceId: string;
}

/** A broadcast claimed by one worker. */
export interface BroadcastJob {
  readonly trigger: BroadcastTrigger;
  /** Resume after this device; null: from the start. */
  readonly cursor: SegmentCursor | null;
}

export interface SegmentDevice {
  readonly device: TargetDevice;
  readonly preferences: Preferences;
}

export type CheckpointResult = 'ok' | 'lease_lost' | 'cancelled';

/** Broadcasts, their leases, progress and segments. */
export interface BroadcastStore {
  /** Records a triggered broadcast (pending); re-publishing the same id changes nothing. */
  record(trigger: BroadcastTrigger): Promise<'created' | 'exists'>;
  /** Claims the oldest runnable broadcast whose lease is free or expired, for leaseMs. */
  claim(owner: string, leaseMs: number): Promise<BroadcastJob | null>;
  /** Up to `limit` segment devices after `cursor`, in cursor order. */
  segmentPage(trigger: BroadcastTrigger, cursor: SegmentCursor | null, limit: number): Promise<SegmentDevice[]>;
  /** Adds progress, moves the cursor and renews the lease, if `owner` still holds it and the broadcast still runs. */
  checkpoint(id: string, owner: string, cursor: SegmentCursor, progress: BroadcastProgress, leaseMs: number): Promise<CheckpointResult>;
  /** Ends a broadcast held by `owner`: completed, or failed with a reason. */
  finish(id: string, owner: string, outcome: { readonly status: 'completed' } | { readonly status: 'failed'; readonly reason: string }): Promise<void>;
  /** Gives the lease up so another worker can resume at once (graceful stop). */
  release(id: string, owner: string): Promise<void>;
}
