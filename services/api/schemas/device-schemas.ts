import { Type, type Static } from '@sinclair/typebox';
import { APNS_ENVIRONMENTS, PLATFORMS, PROVIDERS } from '../../shared/contracts/messages';
import { AppName, IsoTime, Locale, Nullable, StringEnum, UserId, Uuid } from './common-schemas';

// Device registration: `token` for FCM and APNs, `subscription` (PushSubscription.toJSON()) for Web Push.
// Shapes are checked here; what a token must look like per provider is checked by device-tokens.ts.

export const WebPushSubscriptionSchema = Type.Object(
  {
    endpoint: Type.String({ minLength: 1, maxLength: 4096, description: 'https URL of the push service' }),
    expirationTime: Type.Optional(Nullable(Type.Number())),
    keys: Type.Object(
      {
        p256dh: Type.String({ minLength: 1, maxLength: 256, description: 'base64url P-256 public key (65 bytes)' }),
        auth: Type.String({ minLength: 1, maxLength: 256, description: 'base64url auth secret (16 bytes)' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'A browser PushSubscription, as PushSubscription.toJSON() gives it.' },
);

export const RegisterDeviceBody = Type.Object(
  {
    app: Type.Optional(AppName),
    platform: StringEnum(PLATFORMS),
    provider: Type.Optional(
      StringEnum(PROVIDERS, { description: 'Default: FCM for ANDROID, APNS for IOS, WEBPUSH for WEB.' }),
    ),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'FCM registration token or APNs hex device token.' })),
    subscription: Type.Optional(WebPushSubscriptionSchema),
    apns_environment: Type.Optional(StringEnum(APNS_ENVIRONMENTS, { description: 'APNs only; default PRODUCTION.' })),
    locale: Type.Optional(Locale),
    time_zone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' })),
    app_version: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._+-]+$', description: 'a version such as 4.2.0' })),
    device_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Id returned by an earlier registration: the new token replaces that device\'s old one (token rotation).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RegisterDeviceBody = Static<typeof RegisterDeviceBody>;

export const DeviceView = Type.Object({
  device_id: Uuid,
  user_id: Type.String(),
  app: Type.String(),
  platform: StringEnum(PLATFORMS),
  provider: StringEnum(PROVIDERS),
  token_masked: Type.String({ description: 'Enough of the token to recognise it; never the whole token.' }),
  apns_environment: Nullable(StringEnum(APNS_ENVIRONMENTS)),
  locale: Nullable(Type.String()),
  time_zone: Nullable(Type.String()),
  app_version: Nullable(Type.String()),
  active: Type.Boolean(),
  deactivation_reason: Nullable(Type.String({ description: 'Why an inactive device stopped receiving: token_dead, unregistered, replaced, ...' })),
  created_at: IsoTime,
  last_seen_at: IsoTime,
});
export type DeviceView = Static<typeof DeviceView>;

export const RegisterDeviceReply = Type.Object({
  device: DeviceView,
  outcome: StringEnum(['created', 'refreshed', 'rotated', 'moved'] as const, {
    description: 'created: new device; refreshed: same token again; rotated: a new token replaced the old one; moved: the token changed owner.',
  }),
});

export const DeviceListQuery = Type.Object(
  { app: Type.Optional(AppName), include_inactive: Type.Boolean({ default: false }) },
  { additionalProperties: false },
);
export const DeviceList = Type.Object({ devices: Type.Array(DeviceView) });
export const DeviceParams = Type.Object({ userId: UserId, deviceId: Uuid });
