import { Type } from '@sinclair/typebox';
import { IsoTime, Nullable, PageCursor, PageLimit, StringEnum } from './common-schemas';

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];
export const MAX_REPLAY_IDS = 500;

const DeadLetterId = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'a dead-letter id (a positive integer)' });

export const DeadLetterListQuery = Type.Object(
  {
    stage: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'a stage name such as targeting or sender-fcm' })),
    reason: Type.Optional(Type.String({ pattern: '^[A-Z_]{1,64}$', description: 'a reason code such as DECODE_FAILED' })),
    status: StringEnum(DEAD_LETTER_STATUSES, { default: 'open' }),
    limit: PageLimit,
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);

export const DeadLetterSummary = Type.Object({
  id: Type.String(),
  stage: Type.String(),
  source_topic: Type.String(),
  source_partition: Type.Integer(),
  source_offset: Type.String({ description: 'Kafka offset (a 64-bit integer, as text)' }),
  reason_code: Type.String(),
  reason_message: Type.String(),
  failed_at: IsoTime,
  attempts: Type.Integer(),
  status: StringEnum(DEAD_LETTER_STATUSES),
  replayed_at: Nullable(IsoTime),
  value_bytes: Type.Integer({ description: 'Size of the original value, bytes' }),
});

export const DeadLetterDetail = Type.Intersect([
  DeadLetterSummary,
  Type.Object({
    key_base64: Nullable(Type.String({ description: 'Original key bytes, base64' })),
    value_base64: Type.String({ description: 'Original value bytes, base64' }),
    headers: Type.Record(Type.String(), Type.String()),
  }),
]);

export const DeadLetterPage = Type.Object({ dead_letters: Type.Array(DeadLetterSummary), next_cursor: Nullable(Type.String()) });
export const DeadLetterParams = Type.Object({ id: DeadLetterId });
export const ReplayManyBody = Type.Object(
  { ids: Type.Array(DeadLetterId, { minItems: 1, maxItems: MAX_REPLAY_IDS, uniqueItems: true }) },
  { additionalProperties: false },
);

export const ReplayReply = Type.Object({
  replayed: Type.Array(Type.String()),
  not_found: Type.Array(Type.String()),
  not_open: Type.Array(Type.String({ description: 'Already replayed or discarded: left alone.' })),
});
