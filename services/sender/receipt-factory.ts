import { receiptIdFor } from '../shared/contracts/message-ids';
import type { Delivery, Receipt, ReceiptStatus } from '../shared/contracts/messages';

export interface ReceiptFacts {
  readonly status: ReceiptStatus;
  readonly reason: string | null;
  readonly httpStatus: number | null;
  readonly providerMessageId: string | null;
  /** When the outcome happened, epoch ms. */
  readonly occurredAtMs: number;
}

/** The receipt of one outcome of `delivery`'s current attempt; its id is deterministic (redelivery is a no-op). */
export function receiptFor(delivery: Delivery, facts: ReceiptFacts): Receipt {
  return {
    receipt_id: receiptIdFor(delivery.delivery_id, delivery.attempt, facts.status),
    delivery_id: delivery.delivery_id,
    event_id: delivery.event_id,
    broadcast_id: delivery.broadcast_id,
    user_id: delivery.user_id,
    device_id: delivery.device_id,
    app: delivery.app,
    provider: delivery.provider,
    status: facts.status,
    reason: facts.reason,
    provider_message_id: facts.providerMessageId,
    http_status: facts.httpStatus,
    attempt: delivery.attempt,
    event_at: delivery.created_at,
    occurred_at: facts.occurredAtMs,
  };
}
