import type { StageKit } from '../shared/bootstrap/stage-kit';
import type { FeedbackConfig } from './config';
import { createPgDeadLetterStore } from './dead-letter-store';
import { deadLetterHandler, receiptHandler } from './handlers';
import { startReceiptMaintenance } from './receipt-maintenance';
import { createPgReceiptStore } from './receipt-store';

/** Adds the feedback stage's consumers and maintenance to a kit (main.ts and the tests share this). */
export function wireFeedback(kit: StageKit, config: FeedbackConfig): void {
  const db = kit.pool;
  if (db === undefined) throw new Error('feedback needs a database pool (createStageKit({ database: true }))');
  const deps = { receipts: createPgReceiptStore(db), deadLetters: createPgDeadLetterStore(db), metrics: kit.metrics };
  kit.consumer('receipt.avsc', {
    groupId: config.groupId,
    topics: [kit.topics.receipts],
    handler: receiptHandler(deps),
    maxBatchRecords: config.batchRecords,
    partitionsConsumedConcurrently: config.partitionsConcurrently,
    // A database outage stalls the partition (retried with backoff until it is back) instead of
    // dead-lettering valid receipts.
    retryPolicy: { maxAttempts: Infinity },
  });
  kit.consumer('dead-letter.avsc', {
    groupId: `${config.groupId}-deadletters`,
    topics: [kit.topics.deadletters],
    handler: deadLetterHandler(deps),
    retryPolicy: { maxAttempts: Infinity },
  });
  kit.onShutdown(
    startReceiptMaintenance({ db, logger: kit.logger, retentionDays: config.retentionDays, intervalMs: config.maintenanceIntervalMs }),
  );
}
