import type { Logger } from '../../shared/logger';
import type { HeraldMetrics } from '../../shared/metrics';
import { createDeviceRenderer } from '../device-renderer';
import { emptyPlan, isExpired, planBroadcastDevice } from '../fan-out';
import { notificationFromBroadcast, type Notification } from '../notification';
import type { BroadcastJob, BroadcastStore, Clock, EventLog, SegmentCursor } from '../ports';
import { fullBucket, reserve, type BucketSettings, type TokenBucket } from '../token-bucket';
import type { TemplateCatalog } from '../templates/template-model';
import { chunksOf, chunkSize } from './chunking';
import { progressOf } from './progress';

export interface BroadcastWorkerDeps {
  readonly store: BroadcastStore;
  readonly eventLog: EventLog;
  readonly catalog: TemplateCatalog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: HeraldMetrics;
  /** Lease holder name, unique per worker (e.g. host-pid-n). */
  readonly owner: string;
  /** How long a claim lasts without a checkpoint, ms. */
  readonly leaseMs: number;
  /** Devices read per segment query. */
  readonly pageSize: number;
  /** Deliveries per second when the trigger sets no throttle. */
  readonly defaultRatePerSecond: number;
  /** Sleep between claims when nothing is runnable, ms (wake() cuts it short). */
  readonly idlePollMs: number;
}

export interface BroadcastWorker {
  /** Starts the claim → stream loop in the background. */
  start(): void;
  /** Cuts the idle sleep short (a trigger was recorded). */
  wake(): void;
  /** Graceful: finishes the chunk in flight, checkpoints it, releases the lease. Resolves when the loop ended. */
  stop(): Promise<void>;
  /**
   * Stops at once without checkpointing or releasing the lease, as a killed process would; another
   * worker resumes after the lease expires. For crash tests and fatal errors.
   */
  abandon(): Promise<void>;
  /** Broadcast currently streamed, if any. */
  current(): string | null;
}

type StopMode = 'graceful' | 'abandon';

/** The broadcast loop: claim a runnable broadcast, stream its segment in pages, throttle, emit, checkpoint. */
export function createBroadcastWorker(deps: BroadcastWorkerDeps): BroadcastWorker {
  const log = deps.logger.child({ component: 'broadcast-worker', owner: deps.owner });
  let stopMode: StopMode | null = null;
  const stopSignal = new AbortController();
  let wakeSignal = new AbortController();
  let loop: Promise<void> | null = null;
  let currentId: string | null = null;

  const stopped = (): boolean => stopMode !== null;
  const abandoned = (): boolean => stopMode === 'abandon';

  async function stream(job: BroadcastJob, n: Notification): Promise<void> {
    const id = job.trigger.broadcast_id;
    const rate = job.trigger.throttle_per_second ?? deps.defaultRatePerSecond;
    const bucketSettings: BucketSettings = { ratePerSecond: rate, capacity: Math.max(1, rate) };
    let bucket: TokenBucket = fullBucket(bucketSettings, deps.clock.nowMs());
    const render = createDeviceRenderer(n, deps.catalog);
    const size = chunkSize(rate, deps.pageSize);
    let cursor: SegmentCursor | null = job.cursor;
    for (;;) {
      if (isExpired(n, deps.clock.nowMs())) {
        await deps.store.finish(id, deps.owner, { status: 'failed', reason: 'TTL_EXPIRED' });
        log.warn({ broadcastId: id }, 'broadcast expired before it reached every device');
        return;
      }
      const page = await deps.store.segmentPage(job.trigger, cursor, deps.pageSize);
      for (const chunk of chunksOf(page, size)) {
        if (stopped()) return;
        const plan = emptyPlan();
        const nowMs = deps.clock.nowMs();
        for (const { device, preferences } of chunk) planBroadcastDevice(plan, n, device, preferences, { render, nowMs });
        const reservation = reserve(bucket, plan.deliveries.length, nowMs, bucketSettings);
        bucket = reservation.bucket;
        await deps.clock.sleep(reservation.waitMs, stopSignal.signal);
        if (abandoned()) return;
        await deps.eventLog.emit(plan.deliveries, plan.receipts);
        if (abandoned()) return;
        const last = chunk[chunk.length - 1]!.device;
        cursor = { app: last.app, deviceId: last.deviceId };
        const result = await deps.store.checkpoint(id, deps.owner, cursor, progressOf(chunk.length, plan), deps.leaseMs);
        for (const reason of plan.notSent) deps.metrics?.suppressions.inc({ stage: 'targeting-broadcast', reason: reason.toLowerCase() });
        if (result !== 'ok') {
          log.info({ broadcastId: id, result }, 'broadcast stopped');
          return;
        }
      }
      if (page.length < deps.pageSize) {
        await deps.store.finish(id, deps.owner, { status: 'completed' });
        log.info({ broadcastId: id }, 'broadcast completed');
        return;
      }
    }
  }

  async function runJob(job: BroadcastJob): Promise<void> {
    const id = job.trigger.broadcast_id;
    currentId = id;
    try {
      let n: Notification;
      try {
        n = notificationFromBroadcast(job.trigger);
        if (n.template !== null && !deps.catalog.has(n.template.id)) throw new Error(`unknown template ${n.template.id}`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await deps.store.finish(id, deps.owner, { status: 'failed', reason });
        return;
      }
      log.info({ broadcastId: id, resumeAfter: job.cursor?.deviceId ?? null }, 'streaming broadcast');
      await stream(job, n);
      if (stopped() && !abandoned()) await deps.store.release(id, deps.owner);
    } finally {
      currentId = null;
    }
  }

  async function run(): Promise<void> {
    while (!stopped()) {
      try {
        const job = await deps.store.claim(deps.owner, deps.leaseMs);
        if (job !== null) {
          await runJob(job);
          continue;
        }
      } catch (error) {
        // A database or broker outage: keep the lease (it expires) and try again after the idle pause.
        log.error({ err: error }, 'broadcast worker step failed');
      }
      if (stopped()) break;
      const signal = AbortSignal.any([stopSignal.signal, wakeSignal.signal]);
      await deps.clock.sleep(deps.idlePollMs, signal);
      if (wakeSignal.signal.aborted) wakeSignal = new AbortController();
    }
  }

  function halt(mode: StopMode): Promise<void> {
    stopMode ??= mode;
    stopSignal.abort();
    return loop ?? Promise.resolve();
  }

  return {
    start() {
      loop ??= run();
    },
    wake() {
      wakeSignal.abort();
    },
    stop: () => halt('graceful'),
    abandon: () => halt('abandon'),
    current: () => currentId,
  };
}
