import { DEFAULT_APP, type Platform, type Provider } from '../../shared/contracts/messages';
import type { FieldProblem } from '../api-errors';
import type { RegisterDeviceBody } from '../schemas/device-schemas';
import type { DeviceRegistration } from '../stores/device-store';
import { checkApnsToken, checkFcmToken, checkWebPushSubscription, type Checked } from './device-tokens';
import { canonicalTimeZone } from './time-zone';

// From a structurally valid registration body to a DeviceRegistration, or every problem found: the
// provider must suit the platform, carry the right kind of address (token vs subscription), and that
// address must be what the provider issues.

const DEFAULT_PROVIDER: Readonly<Record<Platform, Provider>> = { ANDROID: 'FCM', IOS: 'APNS', WEB: 'WEBPUSH' };
const PROVIDERS_BY_PLATFORM: Readonly<Record<Platform, readonly Provider[]>> = {
  ANDROID: ['FCM'],
  IOS: ['APNS', 'FCM'],
  WEB: ['WEBPUSH', 'FCM'],
};

function checkAddress(
  provider: Provider,
  body: RegisterDeviceBody,
): Checked<{ token: string; webpushKeys: DeviceRegistration['webpushKeys'] }> {
  if (provider === 'WEBPUSH') {
    const problems: FieldProblem[] = [];
    if (body.token !== undefined) problems.push({ field: 'body.token', reason: 'is not used by WEBPUSH; send subscription' });
    if (body.subscription === undefined) {
      problems.push({ field: 'body.subscription', reason: 'is required for WEBPUSH' });
      return { ok: false, problems };
    }
    const checked = checkWebPushSubscription(body.subscription);
    if (!checked.ok) return { ok: false, problems: [...problems, ...checked.problems] };
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, value: { token: checked.value.endpoint, webpushKeys: { p256dh: checked.value.p256dh, auth: checked.value.auth } } };
  }
  const problems: FieldProblem[] = [];
  if (body.subscription !== undefined) problems.push({ field: 'body.subscription', reason: `is only for WEBPUSH; send token for ${provider}` });
  if (body.token === undefined) return { ok: false, problems: [...problems, { field: 'body.token', reason: `is required for ${provider}` }] };
  const checked = provider === 'APNS' ? checkApnsToken(body.token) : checkFcmToken(body.token);
  if (!checked.ok) return { ok: false, problems: [...problems, ...checked.problems] };
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { token: checked.value, webpushKeys: null } };
}

export function parseRegistration(userId: string, body: RegisterDeviceBody): Checked<DeviceRegistration> {
  const problems: FieldProblem[] = [];
  const provider = body.provider ?? DEFAULT_PROVIDER[body.platform];
  if (!PROVIDERS_BY_PLATFORM[body.platform].includes(provider)) {
    problems.push({ field: 'body.provider', reason: `${provider} does not serve ${body.platform} devices` });
  }
  if (body.apns_environment !== undefined && provider !== 'APNS') {
    problems.push({ field: 'body.apns_environment', reason: 'is only for APNS devices' });
  }
  let timeZone: string | null = null;
  if (body.time_zone !== undefined) {
    timeZone = canonicalTimeZone(body.time_zone);
    if (timeZone === null) problems.push({ field: 'body.time_zone', reason: 'is not an IANA time zone' });
  }
  const address = checkAddress(provider, body);
  if (!address.ok) problems.push(...address.problems);
  if (problems.length > 0 || !address.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      userId,
      app: body.app ?? DEFAULT_APP,
      platform: body.platform,
      provider,
      token: address.value.token,
      webpushKeys: address.value.webpushKeys,
      apnsEnvironment: provider === 'APNS' ? (body.apns_environment ?? 'PRODUCTION') : null,
      locale: body.locale ?? null,
      timeZone,
      appVersion: body.app_version ?? null,
      rotateDeviceId: body.device_id ?? null,
    },
  };
}
