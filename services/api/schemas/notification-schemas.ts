import { Type, type Static } from '@sinclair/typebox';
import { PRIORITIES } from '../../shared/contracts/messages';
import { AppName, Category, EventId, Locale, StringEnum, ThreadKey, UserId } from './common-schemas';

// What a caller may ask Herald to send. The shape mirrors the NotificationRequest Avro contract
// (schemas/notification-request.avsc), with limits that keep a message within provider payload sizes.

export const MAX_USERS_PER_SEND = 1000;
export const MAX_TTL_SECONDS = 2_419_200;

const HttpsUrl = Type.String({ maxLength: 2048, pattern: '^https://[^\\s]+$', description: 'an https URL' });
const DeepLink = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:[^\\s]*$|^/[^\\s]*$', description: 'a URL or an app route starting with /' });
const DataKey = '^[A-Za-z0-9_.-]{1,64}$';

export const ContentSchema = Type.Object(
  {
    title: Type.String({ maxLength: 256 }),
    body: Type.String({ maxLength: 2048 }),
    data: Type.Optional(
      Type.Record(Type.String({ pattern: DataKey }), Type.String({ maxLength: 1024 }), {
        maxProperties: 32,
        description: 'String values only; keys are 1-64 letters, digits or _ . -',
      }),
    ),
    image: Type.Optional(HttpsUrl),
    deep_link: Type.Optional(DeepLink),
    actions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'an action id: 1-64 letters, digits or _ . -' }),
            title: Type.String({ minLength: 1, maxLength: 64 }),
            deep_link: Type.Optional(DeepLink),
          },
          { additionalProperties: false },
        ),
        { maxItems: 3 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ContentBody = Static<typeof ContentSchema>;

export const TemplateSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,128}$', description: 'a template id: 1-128 letters, digits or _ . -' }),
    params: Type.Optional(Type.Record(Type.String({ pattern: DataKey }), Type.String({ maxLength: 1024 }), { maxProperties: 64 })),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type TemplateBody = Static<typeof TemplateSchema>;

export const SendBody = Type.Object(
  {
    event_id: Type.Optional(EventId),
    app: Type.Optional(AppName),
    user_ids: Type.Array(UserId, { minItems: 1, maxItems: MAX_USERS_PER_SEND, uniqueItems: true }),
    category: Category,
    priority: Type.Optional(StringEnum(PRIORITIES, { description: 'Default NORMAL.' })),
    ttl_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TTL_SECONDS, description: 'seconds' })),
    collapse_key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'a collapse key: 1-64 letters, digits or _ . : -' })),
    content: Type.Optional(ContentSchema),
    template: Type.Optional(TemplateSchema),
    silent: Type.Optional(Type.Boolean()),
    thread_key: Type.Optional(ThreadKey),
    source: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'a service name: 1-64 letters, digits or _ . -' })),
  },
  { additionalProperties: false },
);
export type SendBody = Static<typeof SendBody>;

export const SendReply = Type.Object({
  event_id: Type.String(),
  user_count: Type.Integer(),
  replayed: Type.Boolean({ description: 'True when an earlier request with the same Idempotency-Key was answered instead.' }),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ pattern: '^[\\x21-\\x7E]{1,255}$', description: 'an idempotency key: 1-255 visible ASCII characters' }),
  ),
});
