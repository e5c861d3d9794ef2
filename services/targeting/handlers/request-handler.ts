import type { NotificationRequest } from '../../shared/contracts/messages';
import type { RejectedMessage, StageHandler } from '../../shared/kafka/stage-handler';
import { notificationFromRequest } from '../notification';
import type { NotificationJob } from '../notification-processor';
import type { TemplateCatalog } from '../templates/template-model';
import { checkTemplateKnown, decideOrReject } from './reject';

/** notifications.requests: canonical requests fanned out to their users' devices. */
export function createRequestHandler(
  process: (jobs: readonly NotificationJob[]) => Promise<unknown>,
  catalog: TemplateCatalog,
): StageHandler<NotificationRequest> {
  return async (messages) => {
    const rejected: RejectedMessage[] = [];
    const jobs: NotificationJob[] = [];
    for (const message of messages) {
      const job = decideOrReject(message.offset, rejected, () => ({
        notification: checkTemplateKnown(notificationFromRequest(message.value), catalog),
        userIds: message.value.user_ids,
      }));
      if (job !== undefined) jobs.push(job);
    }
    if (jobs.length > 0) await process(jobs);
    return { rejected };
  };
}
