import type { Delivery, Provider } from '../shared/contracts/messages';
import { HeraldError } from '../shared/errors';
import type { RejectedMessage, StageHandler } from '../shared/kafka/stage-handler';
import type { ConcurrencyLimit } from './concurrency-limit';
import type { DeliveryResult, DeliverySender } from './delivery-sender';
import type { RequestLane } from './http2/h2-pool';
import type { OutcomePublisher } from './outcome-publisher';

export interface SenderHandlerDeps {
  readonly sender: DeliverySender;
  /** The provider this handler sends for; a delivery for another one is dead-lettered, never sent. */
  readonly provider: Provider;
  /** `urgent` for the priority lane (and retries), `bulk` for the bulk lane. */
  readonly lane: RequestLane;
  /** In-flight sends of this lane. */
  readonly limit: ConcurrencyLimit;
  readonly publisher: OutcomePublisher;
}

/**
 * The sender's stage handler over one chunk of deliveries: every delivery is sent concurrently (within
 * the lane's limit), then all receipts and retries are published in one batch, then the handler
 * returns and the runner commits. Exhausted deliveries go back as `rejected` for the dead letters.
 *
 * If publishing fails the runner retries the chunk; answers already received are kept (per offset)
 * and reused, so a publish failure never sends a notification twice.
 */
const WRONG_PROVIDER: DeliveryResult = Object.freeze({ receipt: null, retry: null, deadLetter: null });

/** Answers kept for a chunk whose publish failed; past this (revoked partitions never retried here) they are dropped. */
const MAX_KEPT_ANSWERS = 100_000;

export function createSenderHandler(deps: SenderHandlerDeps): StageHandler<Delivery> {
  const answered = new Map<string, DeliveryResult>();
  return async (messages) => {
    if (answered.size > MAX_KEPT_ANSWERS) answered.clear();
    const keys = messages.map((m) => `${m.topic}|${m.partition}|${m.offset}`);
    const results = await Promise.all(
      messages.map((message, i) => {
        // An APNs token sent to FCM would come back "invalid token" and deactivate a healthy device.
        if (message.value.provider !== deps.provider) return Promise.resolve(WRONG_PROVIDER);
        const known = answered.get(keys[i]!);
        if (known) return Promise.resolve(known);
        return deps.limit.run(async () => {
          const result = await deps.sender.send(message.value, deps.lane);
          answered.set(keys[i]!, result);
          return result;
        });
      }),
    );
    const receipts = [];
    const retries = [];
    const rejected: RejectedMessage[] = [];
    for (let i = 0; i < results.length; i += 1) {
      const result = results[i]!;
      if (result.receipt) receipts.push(result.receipt);
      if (result.retry) retries.push(result.retry);
      if (result === WRONG_PROVIDER) {
        const message = `a ${messages[i]!.value.provider} delivery on the ${deps.provider} sender's topic`;
        rejected.push({ offset: messages[i]!.offset, error: new HeraldError('INVALID_MESSAGE', message) });
      } else if (result.deadLetter !== null) {
        rejected.push({ offset: messages[i]!.offset, error: new HeraldError('RETRIES_EXHAUSTED', result.deadLetter) });
      }
    }
    await deps.publisher.publish(receipts, retries);
    for (const key of keys) answered.delete(key);
    return rejected.length > 0 ? { rejected } : undefined;
  };
}
