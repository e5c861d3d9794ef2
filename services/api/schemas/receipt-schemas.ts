import { Type } from '@sinclair/typebox';
import { EventId, IsoTime, Nullable, PageCursor, PageLimit, UserId } from './common-schemas';

export const ReceiptQuery = Type.Object(
  { event_id: Type.Optional(EventId), user_id: Type.Optional(UserId), limit: PageLimit, cursor: Type.Optional(PageCursor) },
  { additionalProperties: false, description: 'Exactly one of event_id and user_id.' },
);

export const ReceiptView = Type.Object({
  receipt_id: Type.String(),
  delivery_id: Type.String(),
  event_id: Type.String(),
  broadcast_id: Nullable(Type.String()),
  user_id: Type.String(),
  device_id: Nullable(Type.String()),
  app: Nullable(Type.String()),
  provider: Nullable(Type.String({ description: 'FCM, APNS or WEBPUSH' })),
  status: Type.String({ description: 'ACCEPTED, RETRY_SCHEDULED, TOKEN_DEAD, ... (the Avro ReceiptStatus)' }),
  reason: Nullable(Type.String()),
  provider_message_id: Nullable(Type.String()),
  http_status: Nullable(Type.Integer()),
  attempt: Type.Integer(),
  event_at: IsoTime,
  occurred_at: IsoTime,
});

export const ReceiptPage = Type.Object({ receipts: Type.Array(ReceiptView), next_cursor: Nullable(Type.String()) });
