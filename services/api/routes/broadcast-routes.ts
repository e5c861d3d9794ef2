import type { FastifyInstance } from 'fastify';
import { ApiError, notFound, validationError } from '../api-errors';
import { principalLabel } from '../auth/access';
import { principalOf } from '../http/auth-hook';
import type { ApiPublisher } from '../publisher';
import {
  BroadcastList,
  BroadcastListQuery,
  BroadcastParams,
  BroadcastQuery,
  BroadcastView,
  CreateBroadcastBody,
  CreateBroadcastReply,
  type BroadcastStatus,
  type BroadcastView as BroadcastViewType,
} from '../schemas/broadcast-schemas';
import { ApiErrorSchema, ERROR_RESPONSES } from '../schemas/common-schemas';
import { IdempotencyHeaders } from '../schemas/notification-schemas';
import type { BroadcastRecord, BroadcastStore } from '../stores/broadcast-store';
import { buildBroadcastTrigger } from '../validation/broadcast-input';
import { runIdempotent, type IdempotentRun } from './idempotent';

export interface BroadcastRouteDeps extends IdempotentRun {
  readonly broadcasts: BroadcastStore;
  readonly publisher: ApiPublisher;
  readonly newId: () => string;
  readonly defaultTtlSeconds: number;
}

export function broadcastView(b: BroadcastRecord): BroadcastViewType {
  return {
    broadcast_id: b.id,
    app: b.app,
    status: b.status,
    category: b.category,
    priority: b.priority,
    ttl_seconds: b.ttlSeconds,
    throttle_per_second: b.throttlePerSecond,
    segment: b.segment,
    created_at: b.createdAt.toISOString(),
    scheduled_at: b.scheduledAt?.toISOString() ?? null,
    started_at: b.startedAt?.toISOString() ?? null,
    completed_at: b.completedAt?.toISOString() ?? null,
    failure_reason: b.failureReason,
    progress: { targeted: b.targeted, emitted: b.emitted, suppressed: b.suppressed, suppressed_by_reason: { ...b.suppressedByReason } },
    ...(b.receipts === undefined ? {} : { receipts: { ...b.receipts } }),
  };
}

const tags = ['broadcasts'];
const security = [{ bearer: [] }];
const access = { kind: 'service', scope: 'broadcast' } as const;

export function registerBroadcastRoutes(app: FastifyInstance, deps: BroadcastRouteDeps): void {
  app.post<{ Body: CreateBroadcastBody; Headers: { 'idempotency-key'?: string } }>(
    '/v1/broadcasts',
    {
      config: { access },
      schema: {
        tags,
        security,
        summary: 'Create a broadcast: records it (pending) and publishes its trigger',
        headers: IdempotencyHeaders,
        body: CreateBroadcastBody,
        response: { 202: CreateBroadcastReply, ...ERROR_RESPONSES, 409: ApiErrorSchema, 422: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const built = buildBroadcastTrigger(request.body, {
        broadcastId: request.body.broadcast_id ?? deps.newId(),
        now: deps.clock(),
        defaultTtlSeconds: deps.defaultTtlSeconds,
      });
      if (!built.ok) throw validationError(built.problems);
      const trigger = built.value;
      const result = await runIdempotent(
        deps,
        { owner: principalLabel(principalOf(request)), key: request.headers['idempotency-key'], route: 'broadcast', body: request.body },
        trigger.broadcast_id,
        async (tx) => {
          const scheduledAt = request.body.scheduled_at === undefined ? null : new Date(request.body.scheduled_at);
          if (!(await deps.broadcasts.insert(tx, trigger, scheduledAt))) {
            throw new ApiError('CONFLICT', `broadcast ${trigger.broadcast_id} exists already`);
          }
          await deps.publisher.publishTrigger(trigger);
        },
      );
      request.log.info({ broadcastId: result.eventId, replayed: result.replayed }, 'broadcast created');
      const status: BroadcastStatus = 'pending';
      return reply.code(202).send({ broadcast_id: result.eventId, status, replayed: result.replayed });
    },
  );

  app.get<{ Querystring: { status?: BroadcastStatus; app?: string; limit: number; cursor?: string } }>(
    '/v1/broadcasts',
    {
      config: { access },
      schema: { tags, security, summary: 'List broadcasts, newest first', querystring: BroadcastListQuery, response: { 200: BroadcastList, ...ERROR_RESPONSES } },
    },
    async (request) => {
      const page = await deps.broadcasts.list(request.query);
      return { broadcasts: page.items.map(broadcastView), next_cursor: page.nextCursor };
    },
  );

  app.get<{ Params: { broadcastId: string }; Querystring: { include_receipts: boolean } }>(
    '/v1/broadcasts/:broadcastId',
    {
      config: { access },
      schema: {
        tags,
        security,
        summary: 'Status and live progress of a broadcast',
        params: BroadcastParams,
        querystring: BroadcastQuery,
        response: { 200: BroadcastView, ...ERROR_RESPONSES, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const found = await deps.broadcasts.get(request.params.broadcastId, { withReceipts: request.query.include_receipts });
      if (found === null) throw notFound('broadcast');
      return broadcastView(found);
    },
  );

  app.post<{ Params: { broadcastId: string } }>(
    '/v1/broadcasts/:broadcastId/cancel',
    {
      config: { access },
      schema: {
        tags,
        security,
        summary: 'Cancel a pending or running broadcast (targeting stops emitting)',
        params: BroadcastParams,
        response: { 200: BroadcastView, ...ERROR_RESPONSES, 404: ApiErrorSchema, 409: ApiErrorSchema },
      },
    },
    async (request) => {
      const result = await deps.broadcasts.cancel(request.params.broadcastId, deps.clock());
      if (result.kind === 'not_found') throw notFound('broadcast');
      if (result.kind === 'finished') throw new ApiError('CONFLICT', `broadcast is already ${result.broadcast.status}`);
      return broadcastView(result.broadcast);
    },
  );
}
