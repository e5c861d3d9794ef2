import type { HeraldMetrics } from '../shared/metrics';
import { createDeviceRenderer } from './device-renderer';
import { emptyPlan, planDuplicate, planUser, type FanOutPlan } from './fan-out';
import type { Notification } from './notification';
import type { Clock, DedupPair, DedupStore, DeviceStore, EventLog, PreferenceStore } from './ports';
import { DEFAULT_PREFERENCES } from './preference-policy';
import type { TargetDevice } from './target-device';
import type { TemplateCatalog } from './templates/template-model';

/** A notification for explicit users (a request, or a domain event mapped by a rule). */
export interface NotificationJob {
  readonly notification: Notification;
  readonly userIds: readonly string[];
}

export interface NotificationProcessorDeps {
  readonly devices: DeviceStore;
  readonly preferences: PreferenceStore;
  readonly dedup: DedupStore;
  readonly eventLog: EventLog;
  readonly catalog: TemplateCatalog;
  readonly clock: Clock;
  readonly metrics?: HeraldMetrics;
  /** Metric label. */
  readonly stage: string;
}

interface Claimed extends DedupPair {
  readonly job: NotificationJob;
}

/**
 * Transactional fan-out of a batch, with the crash window made explicit: (event, user) pairs are
 * recorded pending, deliveries and receipts are produced and acknowledged, then the pairs are marked
 * emitted. A replay skips emitted pairs (DEDUPLICATED) and re-emits pending ones, so a crash can
 * duplicate at most what was in flight — with the same delivery ids, so downstream can tell.
 */
export function createNotificationProcessor(deps: NotificationProcessorDeps): (jobs: readonly NotificationJob[]) => Promise<FanOutPlan> {
  return async (jobs) => {
    const plan = emptyPlan();
    const nowMs = deps.clock.nowMs();
    const seen = new Set<string>();
    const pairs: Claimed[] = [];
    for (const job of jobs) {
      for (const userId of job.userIds) {
        const key = JSON.stringify([job.notification.eventId, userId]);
        if (seen.has(key)) {
          planDuplicate(plan, job.notification, userId, nowMs);
          continue;
        }
        seen.add(key);
        pairs.push({ eventId: job.notification.eventId, userId, job });
      }
    }
    const states = await deps.dedup.claim(pairs);
    const todo: Claimed[] = [];
    pairs.forEach((pair, i) => {
      if (states[i] === 'emitted') planDuplicate(plan, pair.job.notification, pair.userId, nowMs);
      else todo.push(pair);
    });

    // Preferences and each app's devices are independent reads: asked at once (one round trip on
    // the latency path of a transactional push instead of one per query).
    const userIds = [...new Set(todo.map((p) => p.userId))];
    const apps = [...new Set(todo.map((p) => p.job.notification.app))];
    const usersOf = (app: string): string[] => [...new Set(todo.filter((p) => p.job.notification.app === app).map((p) => p.userId))];
    const [preferences, deviceMaps] = await Promise.all([
      deps.preferences.preferencesOf(userIds),
      Promise.all(apps.map((app) => deps.devices.activeDevices(app, usersOf(app)))),
    ]);
    const devicesByApp = new Map<string, ReadonlyMap<string, readonly TargetDevice[]>>(apps.map((app, i) => [app, deviceMaps[i]!]));

    const renderers = new Map<NotificationJob, ReturnType<typeof createDeviceRenderer>>();
    for (const pair of todo) {
      const n = pair.job.notification;
      let render = renderers.get(pair.job);
      if (render === undefined) {
        render = createDeviceRenderer(n, deps.catalog);
        renderers.set(pair.job, render);
      }
      const user = {
        userId: pair.userId,
        preferences: preferences.get(pair.userId) ?? DEFAULT_PREFERENCES,
        devices: devicesByApp.get(n.app)?.get(pair.userId) ?? [],
      };
      planUser(plan, n, user, { render, nowMs });
    }

    await deps.eventLog.emit(plan.deliveries, plan.receipts);
    await deps.dedup.markEmitted(todo);
    for (const reason of plan.notSent) deps.metrics?.suppressions.inc({ stage: deps.stage, reason: reason.toLowerCase() });
    return plan;
  };
}
