import { Type, type Static } from '@sinclair/typebox';
import { PLATFORMS, PRIORITIES } from '../../shared/contracts/messages';
import {
  AppName,
  Category,
  EventId,
  IsoTime,
  Locale,
  Nullable,
  PageCursor,
  PageLimit,
  StringEnum,
  UserId,
} from './common-schemas';
import { ContentSchema, MAX_TTL_SECONDS, TemplateSchema } from './notification-schemas';

export const BROADCAST_STATUSES = ['pending', 'running', 'completed', 'cancelled', 'failed'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];
export const MAX_SEGMENT_USER_IDS = 100_000;

const Tag = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$', description: 'a tag: 1-64 letters, digits or . _ : -' });

export const SegmentSchema = Type.Object(
  {
    apps: Type.Optional(Type.Array(AppName, { maxItems: 50, uniqueItems: true })),
    platforms: Type.Optional(Type.Array(StringEnum(PLATFORMS), { maxItems: 3, uniqueItems: true })),
    locales: Type.Optional(Type.Array(Locale, { maxItems: 200, uniqueItems: true })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 100, uniqueItems: true })),
    last_seen_after: Type.Optional(IsoTime),
    user_ids: Type.Optional(Type.Array(UserId, { minItems: 1, maxItems: MAX_SEGMENT_USER_IDS, uniqueItems: true })),
  },
  { additionalProperties: false, description: 'Filters combine with AND, values within one list with OR; an empty or missing list does not filter.' },
);
export type SegmentBody = Static<typeof SegmentSchema>;

export const CreateBroadcastBody = Type.Object(
  {
    broadcast_id: Type.Optional(EventId),
    app: Type.Optional(AppName),
    segment: SegmentSchema,
    content: Type.Optional(ContentSchema),
    template: Type.Optional(TemplateSchema),
    category: Type.Optional(Category),
    priority: Type.Optional(StringEnum(PRIORITIES, { description: 'Default LOW; broadcasts always use the bulk lanes.' })),
    ttl_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TTL_SECONDS, description: 'seconds' })),
    throttle_per_second: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'deliveries per second' })),
    scheduled_at: Type.Optional(
      Type.String({ format: 'date-time', description: 'Not before this instant (RFC 3339); targeting starts it then. Default: now.' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateBroadcastBody = Static<typeof CreateBroadcastBody>;

const Count = Type.Integer({ minimum: 0 });

export const BroadcastView = Type.Object({
  broadcast_id: Type.String(),
  app: Type.String(),
  status: StringEnum(BROADCAST_STATUSES),
  category: Type.String(),
  priority: StringEnum(PRIORITIES),
  ttl_seconds: Type.Integer(),
  throttle_per_second: Nullable(Type.Integer()),
  segment: Type.Object({}, { additionalProperties: true, description: 'The Avro Segment of the trigger.' }),
  created_at: IsoTime,
  scheduled_at: Nullable(IsoTime),
  started_at: Nullable(IsoTime),
  completed_at: Nullable(IsoTime),
  failure_reason: Nullable(Type.String()),
  progress: Type.Object({
    targeted: Count,
    emitted: Count,
    suppressed: Count,
    suppressed_by_reason: Type.Record(Type.String(), Count),
  }),
  receipts: Type.Optional(Type.Record(Type.String(), Count, { description: 'Receipt counts by status (with include_receipts=true).' })),
});
export type BroadcastView = Static<typeof BroadcastView>;

export const CreateBroadcastReply = Type.Object({
  broadcast_id: Type.String(),
  status: StringEnum(BROADCAST_STATUSES),
  replayed: Type.Boolean(),
});

export const BroadcastParams = Type.Object({ broadcastId: EventId });
export const BroadcastQuery = Type.Object({ include_receipts: Type.Boolean({ default: false }) }, { additionalProperties: false });
export const BroadcastListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(BROADCAST_STATUSES)),
    app: Type.Optional(AppName),
    limit: PageLimit,
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);
export const BroadcastList = Type.Object({ broadcasts: Type.Array(BroadcastView), next_cursor: Nullable(Type.String()) });
