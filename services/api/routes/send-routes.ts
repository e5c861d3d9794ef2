import type { FastifyInstance } from 'fastify';
import { validationError } from '../api-errors';
import { principalLabel } from '../auth/access';
import { principalOf } from '../http/auth-hook';
import type { ApiPublisher } from '../publisher';
import { ApiErrorSchema, ERROR_RESPONSES } from '../schemas/common-schemas';
import { IdempotencyHeaders, SendBody, SendReply } from '../schemas/notification-schemas';
import { buildNotificationRequest } from '../validation/notification-input';
import { runIdempotent, type IdempotentRun } from './idempotent';

export interface SendRouteDeps extends IdempotentRun {
  readonly publisher: ApiPublisher;
  readonly newId: () => string;
  readonly defaultTtlSeconds: number;
}

export function registerSendRoutes(app: FastifyInstance, deps: SendRouteDeps): void {
  app.post<{ Body: SendBody; Headers: { 'idempotency-key'?: string } }>(
    '/v1/notifications',
    {
      config: { access: { kind: 'service', scope: 'send' } },
      schema: {
        tags: ['send'],
        security: [{ bearer: [] }],
        summary: 'Send a transactional notification to one or many users (a NotificationRequest on Kafka)',
        description:
          'Returns the event id. With an Idempotency-Key header, a retry with the same key and body returns the same event id and publishes nothing more.',
        headers: IdempotencyHeaders,
        body: SendBody,
        response: { 202: SendReply, ...ERROR_RESPONSES, 422: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const built = buildNotificationRequest(request.body, {
        eventId: request.body.event_id ?? deps.newId(),
        now: deps.clock(),
        defaultTtlSeconds: deps.defaultTtlSeconds,
      });
      if (!built.ok) throw validationError(built.problems);
      const message = built.value;
      const result = await runIdempotent(
        deps,
        { owner: principalLabel(principalOf(request)), key: request.headers['idempotency-key'], route: 'send', body: request.body },
        message.event_id,
        () => deps.publisher.publishRequest(message),
      );
      request.log.info({ eventId: result.eventId, users: message.user_ids.length, replayed: result.replayed }, 'notification accepted');
      return reply.code(202).send({ event_id: result.eventId, user_count: message.user_ids.length, replayed: result.replayed });
    },
  );
}
