import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

// Building blocks of the request and response schemas. Fastify validates with them and
// @fastify/swagger turns them into the OpenAPI document. Identifier patterns are strict on purpose:
// they are what keeps SQL, markup and control characters out of keys, topics and logs. Free text
// (titles, bodies) is only limited in length. A pattern's `description` completes "must be ...",
// which is how a failed pattern is explained to the client.

export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserId = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9._:@+-]+$',
  description: 'a user id: 1-128 letters, digits or . _ : @ + -',
});

export const AppName = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'an app name: 1-64 lower-case letters, digits or . _ - (default "default")',
});

export const Category = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'a category: 1-64 lower-case letters, digits or . _ - (e.g. chat, order, marketing)',
});

export const ThreadKey = Type.String({
  pattern: '^[A-Za-z0-9._:@/#+=-]{1,128}$',
  description: 'a thread key: 1-128 letters, digits or . _ : @ / # + = -',
});

export const Locale = Type.String({
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$',
  maxLength: 35,
  description: 'a BCP 47 locale such as de or de-AT',
});

export const EventId = Type.String({
  pattern: '^[A-Za-z0-9._:-]{1,128}$',
  description: 'an id: 1-128 letters, digits or . _ : -',
});

export const Uuid = Type.String({ format: 'uuid', description: 'a UUID' });

export const IsoTime = Type.String({ format: 'date-time', description: 'an RFC 3339 date-time' });

export const PageLimit = Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'page size (1-500)' });

export const PageCursor = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,512}$',
  description: 'the next_cursor of the previous page',
});

export const ApiErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, ...' }),
    message: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String({ description: 'e.g. body.token, query.limit' }), reason: Type.String() })),
    ),
  },
  { title: 'ApiError' },
);

/** Error responses every authenticated route can give. */
export const ERROR_RESPONSES = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
} as const;

export const UserParams = Type.Object({ userId: UserId });
