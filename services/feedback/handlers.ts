import type { DeadLetter, Receipt } from '../shared/contracts/messages';
import type { HeraldMetrics } from '../shared/metrics';
import type { StageHandler } from '../shared/kafka/stage-handler';
import type { DeadLetterStore } from './dead-letter-store';
import { receiptRowsForBatch } from './receipt-rows';
import type { ReceiptStore } from './receipt-store';
import { tokenFeedback } from './token-feedback';

export interface FeedbackDeps {
  readonly receipts: ReceiptStore;
  readonly deadLetters: DeadLetterStore;
  readonly metrics?: HeraldMetrics;
}

/**
 * Receipts → one multi-row insert (redelivery is a no-op), then the token feedback loop: dead tokens
 * deactivated, accepted ones touched. Both are idempotent, so a batch retried after a crash between
 * them converges. Errors propagate: the runner retries the batch (database down) without committing.
 */
export function receiptHandler(deps: FeedbackDeps): StageHandler<Receipt> {
  return async (messages) => {
    const receipts = messages.map((m) => m.value);
    await deps.receipts.insertReceipts(receiptRowsForBatch(receipts));
    const { dead, used } = tokenFeedback(receipts);
    await deps.receipts.deactivateDevices(dead);
    await deps.receipts.touchDevices(used);
  };
}

/** Dead letters → their table with original bytes and source coordinates. */
export function deadLetterHandler(deps: FeedbackDeps): StageHandler<DeadLetter> {
  return async (messages) => {
    await deps.deadLetters.record(messages.map((m) => m.value));
  };
}
