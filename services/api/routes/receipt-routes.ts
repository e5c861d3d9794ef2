import type { FastifyInstance } from 'fastify';
import { validationError } from '../api-errors';
import { ERROR_RESPONSES } from '../schemas/common-schemas';
import { ReceiptPage, ReceiptQuery } from '../schemas/receipt-schemas';
import type { ReceiptStore } from '../stores/receipt-store';

export function registerReceiptRoutes(app: FastifyInstance, deps: { readonly receipts: ReceiptStore }): void {
  app.get<{ Querystring: { event_id?: string; user_id?: string; limit: number; cursor?: string } }>(
    '/v1/receipts',
    {
      config: { access: { kind: 'service', scope: 'receipts:read' } },
      schema: {
        tags: ['receipts'],
        security: [{ bearer: [] }],
        summary: 'Delivery receipts of one event (or broadcast) or of one user, newest first, paged',
        querystring: ReceiptQuery,
        response: { 200: ReceiptPage, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event_id: eventId, user_id: userId, limit, cursor } = request.query;
      if ((eventId === undefined) === (userId === undefined)) {
        throw validationError([{ field: 'query.event_id', reason: 'give exactly one of event_id and user_id' }]);
      }
      const page = await deps.receipts.find({
        by: eventId !== undefined ? 'event_id' : 'user_id',
        id: eventId ?? userId ?? '',
        limit,
        ...(cursor === undefined ? {} : { cursor }),
      });
      return { receipts: page.items, next_cursor: page.nextCursor };
    },
  );
}
