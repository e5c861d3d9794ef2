import { HeraldError, isHeraldError } from '../../shared/errors';
import type { RejectedMessage } from '../../shared/kafka/stage-handler';
import type { Notification } from '../notification';
import type { TemplateCatalog } from '../templates/template-model';

/** A template the catalog does not know makes the message invalid: dead-lettered, replayable once deployed. */
export function checkTemplateKnown(n: Notification, catalog: TemplateCatalog): Notification {
  if (n.template !== null && !catalog.has(n.template.id)) {
    throw new HeraldError('INVALID_MESSAGE', `unknown template ${JSON.stringify(n.template.id)}`);
  }
  return n;
}

/**
 * Runs `decide` for one message: its value, or a rejection (dead letter) when it throws a
 * non-retriable HeraldError. Anything else propagates, so the runner retries the batch.
 */
export function decideOrReject<T>(offset: string, rejected: RejectedMessage[], decide: () => T): T | undefined {
  try {
    return decide();
  } catch (error) {
    if (isHeraldError(error) && !error.retriable) {
      rejected.push({ offset, error });
      return undefined;
    }
    throw error;
  }
}
