import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { FakeControl } from '../../../services/fakes';
import { hashToken } from '../../../services/shared/db/token-hash';

// Devices, users and preferences written straight into PostgreSQL, the way the API stores them
// (lower-case symbols, SHA-256 token hash). Web Push devices get a real subscription from the fake,
// restricted to Herald's VAPID key like a browser's, so the fake can decrypt what it receives.

export type ProviderName = 'fcm' | 'apns' | 'webpush';
export type PlatformName = 'android' | 'ios' | 'web';

const DEFAULT_PLATFORM: Readonly<Record<ProviderName, PlatformName>> = { fcm: 'android', apns: 'ios', webpush: 'web' };

export interface SeededDevice {
  readonly id: string;
  readonly userId: string;
  readonly app: string;
  readonly provider: ProviderName;
  readonly platform: PlatformName;
  /** What Herald stores and sends to (Web Push: the endpoint). */
  readonly token: string;
  /** How the fake names it in inspection (Web Push: the subscription id). */
  readonly fakeToken: string;
  readonly locale: string | null;
  /** Web Push only: the keys stored with the device. */
  readonly webpushKeys: { readonly p256dh: string; readonly auth: string } | null;
}

export interface DeviceSpec {
  readonly userId: string;
  readonly provider: ProviderName;
  readonly app?: string;
  readonly platform?: PlatformName;
  readonly locale?: string | null;
  readonly active?: boolean;
  /** Web Push only: store these keys instead of the subscription's own (the fake then cannot decrypt). */
  readonly webpushKeysOverride?: { readonly p256dh: string; readonly auth: string };
}

export interface SeedContext {
  readonly pool: Pool;
  readonly fakes: Pick<FakeControl, 'createWebPushSubscription'>;
  /** Herald's VAPID public key, which Web Push subscriptions are restricted to. */
  readonly vapidPublicKey: string;
}

interface DeviceValues {
  readonly token: string;
  readonly fakeToken: string;
  readonly p256dh: string | null;
  readonly auth: string | null;
}

export const randomId = (label: string): string => `${label}-${randomBytes(6).toString('hex')}`;

/** A token the provider's fake accepts: FCM URL-safe text, APNs 64 hex digits, Web Push a real subscription. */
export async function newDeviceValues(ctx: SeedContext, provider: ProviderName): Promise<DeviceValues> {
  if (provider === 'fcm') {
    const token = `fcm-${randomBytes(24).toString('base64url')}:APA91b${randomBytes(30).toString('base64url')}`;
    return { token, fakeToken: token, p256dh: null, auth: null };
  }
  if (provider === 'apns') {
    const token = randomBytes(32).toString('hex');
    return { token, fakeToken: token, p256dh: null, auth: null };
  }
  const subscription = await ctx.fakes.createWebPushSubscription({ applicationServerKey: ctx.vapidPublicKey });
  const id = subscription.endpoint.slice(subscription.endpoint.lastIndexOf('/push/') + '/push/'.length);
  return { token: subscription.endpoint, fakeToken: id, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth };
}

const INSERT_DEVICES = `
INSERT INTO devices (app, user_id, platform, provider, token, token_hash, webpush_p256dh, webpush_auth, apns_environment,
                     locale, active, deactivated_at, deactivation_reason)
SELECT x.app, x.user_id, x.platform, x.provider, x.token, x.token_hash, x.p256dh, x.auth,
       CASE WHEN x.provider = 'apns' THEN 'production' END, x.locale, x.active,
       CASE WHEN x.active THEN NULL ELSE now() END, CASE WHEN x.active THEN NULL ELSE 'unregistered' END
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::text[], $9::text[], $10::boolean[])
  AS x(app, user_id, platform, provider, token, token_hash, p256dh, auth, locale, active)
RETURNING id, token`;

/** Inserts devices in one statement (thousands take well under a second); returns them in the given order. */
export async function seedDevices(ctx: SeedContext, specs: readonly DeviceSpec[]): Promise<SeededDevice[]> {
  const values: DeviceValues[] = [];
  for (const spec of specs) {
    const v = await newDeviceValues(ctx, spec.provider);
    values.push(spec.webpushKeysOverride ? { ...v, ...spec.webpushKeysOverride } : v);
  }
  const { rows } = await ctx.pool.query<{ id: string; token: string }>(INSERT_DEVICES, [
    specs.map((s) => s.app ?? 'default'),
    specs.map((s) => s.userId),
    specs.map((s) => s.platform ?? DEFAULT_PLATFORM[s.provider]),
    specs.map((s) => s.provider),
    values.map((v) => v.token),
    values.map((v) => hashToken(v.token)),
    values.map((v) => v.p256dh),
    values.map((v) => v.auth),
    specs.map((s) => s.locale ?? null),
    specs.map((s) => s.active ?? true),
  ]);
  const idOf = new Map(rows.map((r) => [r.token, r.id]));
  return specs.map((spec, i) => {
    const v = values[i]!;
    return {
      id: idOf.get(v.token)!,
      userId: spec.userId,
      app: spec.app ?? 'default',
      provider: spec.provider,
      platform: spec.platform ?? DEFAULT_PLATFORM[spec.provider],
      token: v.token,
      fakeToken: v.fakeToken,
      locale: spec.locale ?? null,
      webpushKeys: v.p256dh !== null && v.auth !== null ? { p256dh: v.p256dh, auth: v.auth } : null,
    };
  });
}

export interface PreferencesSpec {
  readonly globalOptOut?: boolean;
  readonly pushEnabled?: boolean;
  readonly categoryOptOuts?: readonly string[];
  readonly mutedThreadKeys?: readonly string[];
}

export async function seedPreferences(pool: Pool, userId: string, p: PreferencesSpec): Promise<void> {
  await pool.query(
    `INSERT INTO preferences (user_id, global_opt_out, push_enabled, category_opt_outs, muted_thread_keys)
     VALUES ($1, $2, $3, $4, $5)`,
    [userId, p.globalOptOut ?? false, p.pushEnabled ?? true, p.categoryOptOuts ?? [], p.mutedThreadKeys ?? []],
  );
}

export interface AudienceSpec {
  readonly app: string;
  /** Devices per provider; one user per device (`<userPrefix>-<n>`). */
  readonly perProvider: Readonly<Record<ProviderName, number>>;
  readonly userPrefix?: string;
  readonly locales?: readonly string[];
}

/** A broadcast audience: `perProvider` active devices of `app`, one user each, locales cycling. */
export async function seedAudience(ctx: SeedContext, spec: AudienceSpec): Promise<SeededDevice[]> {
  const prefix = spec.userPrefix ?? randomId('aud');
  const locales = spec.locales ?? ['en', 'de-DE', 'fr'];
  const specs: DeviceSpec[] = [];
  for (const provider of ['fcm', 'apns', 'webpush'] as const) {
    for (let i = 0; i < spec.perProvider[provider]; i += 1) {
      specs.push({ app: spec.app, provider, userId: `${prefix}-${specs.length}`, locale: locales[specs.length % locales.length]! });
    }
  }
  return seedDevices(ctx, specs);
}
