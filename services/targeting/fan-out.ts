import { deliveryIdFor } from '../shared/contracts/message-ids';
import type { Delivery, Receipt } from '../shared/contracts/messages';
import type { DeviceRender } from './device-renderer';
import { laneFor, type Lane } from './lane';
import { expiresAt, type Notification } from './notification';
import { notSentReceipt, type NotSentReason } from './outcome';
import { decidePreferences, type Preferences } from './preference-policy';
import type { TargetDevice, TargetUser } from './target-device';

export interface PlannedDelivery {
  readonly lane: Lane;
  readonly delivery: Delivery;
}

/** What to emit for some targets of one notification, and why anything was not sent. */
export interface FanOutPlan {
  readonly deliveries: PlannedDelivery[];
  readonly receipts: Receipt[];
  /** One entry per receipt, for counters. */
  readonly notSent: NotSentReason[];
}

export function emptyPlan(): FanOutPlan {
  return { deliveries: [], receipts: [], notSent: [] };
}

export interface FanOutContext {
  readonly render: (device: TargetDevice) => DeviceRender;
  /** ms since the epoch. */
  readonly nowMs: number;
}

/** True when the TTL has run out before targeting got to it (TTL 0 means "now or never": the sender decides). */
export function isExpired(n: Notification, nowMs: number): boolean {
  return n.ttlSeconds > 0 && nowMs > expiresAt(n);
}

function notSent(plan: FanOutPlan, n: Notification, target: Parameters<typeof notSentReceipt>[1], reason: NotSentReason, nowMs: number): void {
  plan.receipts.push(notSentReceipt(n, target, reason, nowMs));
  plan.notSent.push(reason);
}

function planDevice(plan: FanOutPlan, n: Notification, device: TargetDevice, ctx: FanOutContext): void {
  const rendered = ctx.render(device);
  if (!rendered.ok) {
    notSent(plan, n, { userId: device.userId, device }, rendered.reason, ctx.nowMs);
    return;
  }
  const delivery: Delivery = {
    delivery_id: deliveryIdFor(n.eventId, device.deviceId),
    event_id: n.eventId,
    broadcast_id: n.broadcastId,
    user_id: device.userId,
    device_id: device.deviceId,
    app: device.app,
    provider: device.provider,
    token: device.token,
    webpush_keys: device.provider === 'WEBPUSH' ? device.webpushKeys : null,
    apns_environment: device.provider === 'APNS' ? (device.apnsEnvironment ?? 'PRODUCTION') : null,
    priority: n.priority,
    category: n.category,
    collapse_key: n.collapseKey,
    thread_key: n.threadKey,
    push_type: device.provider === 'APNS' ? (n.silent ? 'BACKGROUND' : 'ALERT') : null,
    payload: rendered.json,
    created_at: n.createdAt,
    expires_at: expiresAt(n),
    attempt: 1,
    not_before: null,
  };
  plan.deliveries.push({ lane: laneFor(n.priority, n.broadcastId !== null), delivery });
}

/**
 * Transactional fan-out for one user: preferences and expiry are decided per user (one receipt for the
 * user), otherwise one delivery per active device, or a receipt per device whose payload cannot be sent.
 */
export function planUser(plan: FanOutPlan, n: Notification, user: TargetUser, ctx: FanOutContext): void {
  const userTarget = { userId: user.userId, device: null };
  if (isExpired(n, ctx.nowMs)) return notSent(plan, n, userTarget, 'TTL_EXPIRED', ctx.nowMs);
  const decision = decidePreferences(user.preferences, n);
  if (!decision.allow) return notSent(plan, n, userTarget, decision.reason, ctx.nowMs);
  if (user.devices.length === 0) return notSent(plan, n, userTarget, 'NO_DEVICES', ctx.nowMs);
  for (const device of user.devices) planDevice(plan, n, device, ctx);
}

/** Broadcast fan-out for one device of the segment: preferences are decided per device, so counts add up per device. */
export function planBroadcastDevice(
  plan: FanOutPlan,
  n: Notification,
  device: TargetDevice,
  preferences: Preferences,
  ctx: FanOutContext,
): void {
  const decision = decidePreferences(preferences, n);
  if (!decision.allow) return notSent(plan, n, { userId: device.userId, device }, decision.reason, ctx.nowMs);
  planDevice(plan, n, device, ctx);
}

/** Receipts that record a duplicate (event_id, user_id) as already processed. */
export function planDuplicate(plan: FanOutPlan, n: Notification, userId: string, nowMs: number): void {
  notSent(plan, n, { userId, device: null }, 'DUPLICATE_EVENT', nowMs);
}
