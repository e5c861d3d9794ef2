import type { FastifyInstance } from 'fastify';
import { ApiError, notFound } from '../api-errors';
import type { ApiPublisher } from '../publisher';
import { ApiErrorSchema, ERROR_RESPONSES } from '../schemas/common-schemas';
import {
  DeadLetterDetail,
  DeadLetterListQuery,
  DeadLetterPage,
  DeadLetterParams,
  ReplayManyBody,
  ReplayReply,
  type DeadLetterStatus,
} from '../schemas/dead-letter-schemas';
import type { DeadLetterStore, ReplayResult } from '../stores/dead-letter-store';

export interface DeadLetterRouteDeps {
  readonly deadLetters: DeadLetterStore;
  readonly publisher: ApiPublisher;
  readonly clock: () => Date;
}

const tags = ['dead letters'];
const security = [{ bearer: [] }];
const access = { kind: 'service', scope: 'admin' } as const;

const replyOf = (r: ReplayResult) => ({ replayed: r.replayed, not_found: r.notFound, not_open: r.notOpen });

export function registerDeadLetterRoutes(app: FastifyInstance, deps: DeadLetterRouteDeps): void {
  const replay = (ids: readonly string[]) => deps.deadLetters.replay(ids, deps.clock(), (messages) => deps.publisher.republish(messages));

  app.get<{ Querystring: { stage?: string; reason?: string; status: DeadLetterStatus; limit: number; cursor?: string } }>(
    '/v1/dead-letters',
    {
      config: { access },
      schema: { tags, security, summary: 'List dead letters, newest first (filter by stage, reason, status)', querystring: DeadLetterListQuery, response: { 200: DeadLetterPage, ...ERROR_RESPONSES } },
    },
    async (request) => {
      const page = await deps.deadLetters.list(request.query);
      return { dead_letters: page.items, next_cursor: page.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/dead-letters/:id',
    {
      config: { access },
      schema: { tags, security, summary: 'One dead letter with its original bytes', params: DeadLetterParams, response: { 200: DeadLetterDetail, ...ERROR_RESPONSES, 404: ApiErrorSchema } },
    },
    async (request) => {
      const found = await deps.deadLetters.get(request.params.id);
      if (found === null) throw notFound('dead letter');
      return found;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/dead-letters/:id/replay',
    {
      config: { access },
      schema: {
        tags,
        security,
        summary: 'Re-publish the original bytes to their source topic',
        params: DeadLetterParams,
        response: { 200: ReplayReply, ...ERROR_RESPONSES, 404: ApiErrorSchema, 409: ApiErrorSchema },
      },
    },
    async (request) => {
      const result = await replay([request.params.id]);
      if (result.notFound.length > 0) throw notFound('dead letter');
      if (result.notOpen.length > 0) throw new ApiError('CONFLICT', 'dead letter is not open (already replayed or discarded)');
      request.log.info({ deadLetterId: request.params.id }, 'dead letter replayed');
      return replyOf(result);
    },
  );

  app.post<{ Body: { ids: string[] } }>(
    '/v1/dead-letters/replay',
    {
      config: { access },
      schema: { tags, security, summary: 'Replay many dead letters; reports which were replayed, missing or not open', body: ReplayManyBody, response: { 200: ReplayReply, ...ERROR_RESPONSES } },
    },
    async (request) => {
      const result = await replay(request.body.ids);
      request.log.info({ replayed: result.replayed.length }, 'dead letters replayed');
      return replyOf(result);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/dead-letters/:id/discard',
    {
      config: { access },
      schema: { tags, security, summary: 'Discard an open dead letter (kept for the record, never replayed)', params: DeadLetterParams, response: { ...ERROR_RESPONSES, 404: ApiErrorSchema, 409: ApiErrorSchema } },
    },
    async (request, reply) => {
      const result = await deps.deadLetters.discard(request.params.id);
      if (!result.discarded && result.status === null) throw notFound('dead letter');
      if (!result.discarded) throw new ApiError('CONFLICT', `dead letter is ${result.status ?? 'gone'}, not open`);
      return reply.code(204).send();
    },
  );
}
