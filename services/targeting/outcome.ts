import { deliveryIdFor, receiptIdFor, userDeliveryIdFor } from '../shared/contracts/message-ids';
import type { Provider, Receipt, ReceiptStatus } from '../shared/contracts/messages';
import type { Notification } from './notification';
import type { SuppressionReason } from './preference-policy';

/** Why a notification did not become a delivery: receipt reasons targeting writes (closed set). */
export type NotSentReason = SuppressionReason | 'PAYLOAD_TOO_LARGE' | 'TEMPLATE_NOT_FOUND' | 'TTL_EXPIRED' | 'DUPLICATE_EVENT';

/** Receipt status each reason is recorded with. */
export const STATUS_OF_REASON: Readonly<Record<NotSentReason, ReceiptStatus>> = Object.freeze({
  OPTED_OUT: 'SUPPRESSED',
  PUSH_DISABLED: 'SUPPRESSED',
  CATEGORY_OPTED_OUT: 'SUPPRESSED',
  THREAD_MUTED: 'SUPPRESSED',
  NO_DEVICES: 'SUPPRESSED',
  PAYLOAD_TOO_LARGE: 'MESSAGE_REJECTED',
  TEMPLATE_NOT_FOUND: 'FAILED',
  TTL_EXPIRED: 'EXPIRED',
  DUPLICATE_EVENT: 'DEDUPLICATED',
});

export interface NotSentTarget {
  readonly userId: string;
  /** Null when decided per user, before devices were resolved. */
  readonly device: { readonly deviceId: string; readonly provider: Provider } | null;
}

/** The receipt recording that `target` was not sent `n`, and why (attempt 0: no send was tried). */
export function notSentReceipt(n: Notification, target: NotSentTarget, reason: NotSentReason, nowMs: number): Receipt {
  const deliveryId =
    target.device === null ? userDeliveryIdFor(n.eventId, target.userId) : deliveryIdFor(n.eventId, target.device.deviceId);
  const status = STATUS_OF_REASON[reason];
  return {
    receipt_id: receiptIdFor(deliveryId, 0, status),
    delivery_id: deliveryId,
    event_id: n.eventId,
    broadcast_id: n.broadcastId,
    user_id: target.userId,
    device_id: target.device?.deviceId ?? null,
    app: n.app,
    provider: target.device?.provider ?? null,
    status,
    reason,
    provider_message_id: null,
    http_status: null,
    attempt: 0,
    event_at: n.createdAt,
    occurred_at: nowMs,
  };
}
