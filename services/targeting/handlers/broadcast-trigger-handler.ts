import type { BroadcastTrigger } from '../../shared/contracts/messages';
import type { RejectedMessage, StageHandler } from '../../shared/kafka/stage-handler';
import { notificationFromBroadcast } from '../notification';
import type { BroadcastStore } from '../ports';
import type { TemplateCatalog } from '../templates/template-model';
import { checkTemplateKnown, decideOrReject } from './reject';

/**
 * broadcasts.triggers: validate and record the broadcast (pending), then return, so the trigger's
 * offset commits at once; a broadcast worker streams the segment. Re-publishing an id changes nothing.
 */
export function createBroadcastTriggerHandler(
  store: Pick<BroadcastStore, 'record'>,
  catalog: TemplateCatalog,
  onRecorded: () => void,
): StageHandler<BroadcastTrigger> {
  return async (messages, context) => {
    const rejected: RejectedMessage[] = [];
    let created = 0;
    for (const message of messages) {
      const trigger = decideOrReject(message.offset, rejected, () => {
        checkTemplateKnown(notificationFromBroadcast(message.value), catalog);
        return message.value;
      });
      if (trigger === undefined) continue;
      const outcome = await store.record(trigger);
      if (outcome === 'created') created += 1;
      context.logger.info({ broadcastId: trigger.broadcast_id, outcome }, 'broadcast recorded');
    }
    if (created > 0) onRecorded();
    return { rejected };
  };
}
