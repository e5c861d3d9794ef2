import type { AvroCodec } from '../shared/codec/avro-codec';
import type { Delivery, Receipt } from '../shared/contracts/messages';
import { HeraldError } from '../shared/errors';
import type { OutgoingRecord, ProducerPort, TopicRecords } from '../shared/kafka/kafka-ports';
import { NOT_BEFORE_HEADER } from './not-before-header';

/** Where a batch's outcomes go: receipts, and deliveries that need another (or a deferred) attempt. */
export interface OutcomePublisher {
  /** Resolves once the broker acknowledged all of them; a failure is a TRANSIENT HeraldError. */
  publish(receipts: readonly Receipt[], retries: readonly Delivery[]): Promise<void>;
}

export interface OutcomePublisherDeps {
  readonly codec: Pick<AvroCodec, 'encode'>;
  readonly producer: Pick<ProducerPort, 'sendBatch'>;
  /** Full topic names. */
  readonly receiptsTopic: string;
  readonly retryTopic: string;
}

/** Receipts keyed by delivery_id; retries keyed by device_id (per-device order) with a not-before header. */
export function createOutcomePublisher(deps: OutcomePublisherDeps): OutcomePublisher {
  const receiptSubject = `${deps.receiptsTopic}-value`;
  const retrySubject = `${deps.retryTopic}-value`;
  return {
    async publish(receipts, retries) {
      if (receipts.length === 0 && retries.length === 0) return;
      try {
        const [receiptRecords, retryRecords] = await Promise.all([
          Promise.all(
            receipts.map(async (receipt): Promise<OutgoingRecord> => ({
              key: receipt.delivery_id,
              value: await deps.codec.encode(receiptSubject, receipt),
            })),
          ),
          Promise.all(
            retries.map(async (delivery): Promise<OutgoingRecord> => ({
              key: delivery.device_id,
              value: await deps.codec.encode(retrySubject, delivery),
              headers: { [NOT_BEFORE_HEADER]: String(delivery.not_before ?? 0) },
            })),
          ),
        ]);
        const batches: TopicRecords[] = [];
        if (receiptRecords.length > 0) batches.push({ topic: deps.receiptsTopic, records: receiptRecords });
        if (retryRecords.length > 0) batches.push({ topic: deps.retryTopic, records: retryRecords });
        await deps.producer.sendBatch(batches);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new HeraldError('TRANSIENT', `publishing ${receipts.length} receipts and ${retries.length} retries failed: ${detail}`, {
          cause: error,
        });
      }
    },
  };
}
