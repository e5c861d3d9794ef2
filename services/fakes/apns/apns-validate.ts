import { isRecord } from '../shared/es256';
import type { ApnsReason } from './apns-errors';

/** Payload limits in bytes [A8]: 4096, or 5120 for VoIP. */
export const APNS_MAX_PAYLOAD_BYTES = 4096;
export const APNS_MAX_VOIP_PAYLOAD_BYTES = 5120;
/** apns-collapse-id limit in bytes. */
export const APNS_MAX_COLLAPSE_ID_BYTES = 64;

export const APNS_PUSH_TYPES = [
  'alert', 'background', 'voip', 'location', 'complication', 'fileprovider', 'mdm', 'liveactivity', 'pushtotalk',
  'widgets', 'controls',
] as const;
export type ApnsPushType = (typeof APNS_PUSH_TYPES)[number];

/** Topic suffix a push type requires [A1][A5]. */
const TOPIC_SUFFIX: Partial<Record<ApnsPushType, string>> = {
  voip: '.voip',
  complication: '.complication',
  fileprovider: '.pushkit.fileprovider',
  location: '.location-query',
  liveactivity: '.push-type.liveactivity',
  pushtotalk: '.voip-ptt',
};

const PATH_PREFIX = '/3/device/';
export const APNS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOPIC = /^[A-Za-z0-9][A-Za-z0-9.\-_]*$/;
const DEVICE_TOKEN = /^[0-9a-fA-F]+$/;

export type ApnsRoute = { ok: true; deviceToken: string } | { ok: false; reason: ApnsReason };

/** `:path` and `:method` checks, before authentication. */
export function routeApnsRequest(method: string, path: string): ApnsRoute {
  if (!path.startsWith(PATH_PREFIX)) return { ok: false, reason: 'BadPath' };
  const raw = path.slice(PATH_PREFIX.length);
  let deviceToken: string;
  try {
    deviceToken = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return { ok: false, reason: 'BadPath' };
  }
  if (deviceToken.includes('/')) return { ok: false, reason: 'BadPath' };
  if (method !== 'POST') return { ok: false, reason: 'MethodNotAllowed' };
  if (deviceToken === '') return { ok: false, reason: 'MissingDeviceToken' };
  return { ok: true, deviceToken };
}

export interface ApnsNotification {
  topic: string;
  pushType: ApnsPushType | undefined;
  priority: 1 | 5 | 10;
  expiration: number | undefined;
  collapseId: string | undefined;
  apnsId: string | undefined;
  payload: Record<string, unknown>;
}

export interface ApnsNotificationInput {
  deviceToken: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  duplicateHeaders: readonly string[];
  body: Buffer;
  bodyTooLarge: boolean;
  /** Topics the signing key may push to; any when absent. */
  allowedTopics?: readonly string[];
}

export type ApnsValidation = { ok: true; notification: ApnsNotification } | { ok: false; reason: ApnsReason };

/** Header and payload rules of the APNs provider API [A1][A2]. Pure. */
export function validateApnsNotification(input: ApnsNotificationInput): ApnsValidation {
  const h = (name: string): string | undefined => {
    const value = input.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const fail = (reason: ApnsReason): ApnsValidation => ({ ok: false, reason });
  if (input.duplicateHeaders.some((name) => !name.startsWith(':'))) return fail('DuplicateHeaders');

  const topic = h('apns-topic');
  if (topic === undefined || topic === '') return fail('MissingTopic');
  if (!TOPIC.test(topic)) return fail('BadTopic');

  const pushTypeHeader = h('apns-push-type');
  let pushType: ApnsPushType | undefined;
  if (pushTypeHeader !== undefined) {
    if (!(APNS_PUSH_TYPES as readonly string[]).includes(pushTypeHeader)) return fail('InvalidPushType');
    pushType = pushTypeHeader as ApnsPushType;
    const suffix = TOPIC_SUFFIX[pushType];
    if (suffix && !topic.endsWith(suffix)) return fail('InvalidPushType');
  }

  const priorityHeader = h('apns-priority') ?? '10';
  if (!['1', '5', '10'].includes(priorityHeader)) return fail('BadPriority');
  const priority = Number(priorityHeader) as 1 | 5 | 10;
  if (pushType === 'background' && priority === 10) return fail('BadPriority');

  const expirationHeader = h('apns-expiration');
  if (expirationHeader !== undefined && !/^\d{1,12}$/.test(expirationHeader)) return fail('BadExpirationDate');

  const collapseId = h('apns-collapse-id');
  if (collapseId !== undefined && Buffer.byteLength(collapseId) > APNS_MAX_COLLAPSE_ID_BYTES) return fail('BadCollapseId');

  const apnsId = h('apns-id');
  if (apnsId !== undefined && !APNS_ID.test(apnsId)) return fail('BadMessageId');

  const limit = pushType === 'voip' ? APNS_MAX_VOIP_PAYLOAD_BYTES : APNS_MAX_PAYLOAD_BYTES;
  if (input.bodyTooLarge || input.body.length > limit) return fail('PayloadTooLarge');
  if (input.body.length === 0) return fail('PayloadEmpty');
  const payload = parseObject(input.body);
  if (!payload) return fail('BadPayload');

  if (!DEVICE_TOKEN.test(input.deviceToken)) return fail('BadDeviceToken');
  if (input.allowedTopics && !input.allowedTopics.some((allowed) => topic === allowed || topic.startsWith(`${allowed}.`))) {
    return fail('TopicDisallowed');
  }
  return {
    ok: true,
    notification: {
      topic,
      pushType,
      priority,
      expiration: expirationHeader === undefined ? undefined : Number(expirationHeader),
      collapseId,
      apnsId,
      payload,
    },
  };
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}
