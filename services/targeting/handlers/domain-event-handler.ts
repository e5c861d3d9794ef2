import { HeraldError } from '../../shared/errors';
import type { RejectedMessage, StageHandler } from '../../shared/kafka/stage-handler';
import type { Logger } from '../../shared/logger';
import { notificationFromRequest } from '../notification';
import type { NotificationJob } from '../notification-processor';
import { mapEventByRules, type DomainEvent } from '../rules/rule-engine';
import type { Rule } from '../rules/rule-model';
import type { TemplateCatalog } from '../templates/template-model';
import { checkTemplateKnown, decideOrReject } from './reject';

/** A decoded upstream event and the Avro full name of the schema it was written with. */
export interface DecodedEvent {
  readonly eventType: string | null;
  readonly value: Readonly<Record<string, unknown>>;
}

/**
 * Parse step for upstream topics: any Avro record, with its writer schema's full name. avsc gives
 * each decoded record a constructor whose `type` is the writer's record type.
 */
export function parseDomainEvent(value: unknown): DecodedEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HeraldError('INVALID_MESSAGE', 'an upstream event must be an Avro record');
  }
  const type = (value.constructor as { type?: { name?: unknown } } | undefined)?.type;
  const eventType = typeof type?.name === 'string' ? type.name : null;
  return { eventType, value: value as Record<string, unknown> };
}

/** Upstream domain topics: each event is mapped by the declarative rules into zero or more notifications. */
export function createDomainEventHandler(
  process: (jobs: readonly NotificationJob[]) => Promise<unknown>,
  rules: readonly Rule[],
  catalog: TemplateCatalog,
  logger: Logger,
): StageHandler<DecodedEvent> {
  return async (messages) => {
    const rejected: RejectedMessage[] = [];
    const jobs: NotificationJob[] = [];
    for (const message of messages) {
      const event: DomainEvent = { topic: message.topic, timestampMs: message.timestampMs, ...message.value };
      const mapped = decideOrReject(message.offset, rejected, () =>
        mapEventByRules(rules, event).map((mapping) => {
          if (!mapping.ok) throw new HeraldError('INVALID_MESSAGE', mapping.problem);
          return {
            notification: checkTemplateKnown(notificationFromRequest(mapping.request), catalog),
            userIds: mapping.request.user_ids,
          };
        }),
      );
      if (mapped === undefined) continue;
      if (mapped.length === 0) logger.debug({ topic: message.topic, eventType: event.eventType }, 'no rule matches the event');
      jobs.push(...mapped);
    }
    if (jobs.length > 0) await process(jobs);
    return { rejected };
  };
}
