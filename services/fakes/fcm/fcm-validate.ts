import { isRecord } from '../shared/es256';
import { fcmErrors, type FcmError } from './fcm-errors';
import { parseProtoJson, type FieldViolation } from './fcm-proto-json';
import { MESSAGE, TARGET_FIELDS, toCamel } from './fcm-schema';

export type FcmTargetKind = (typeof TARGET_FIELDS)[number];

export interface ValidFcmRequest {
  ok: true;
  /** The message with lowerCamelCase field names. */
  message: Record<string, unknown>;
  target: { kind: FcmTargetKind; value: string };
  validateOnly: boolean;
  payloadBytes: number;
}

export type FcmValidation = ValidFcmRequest | { ok: false; error: FcmError };

/** Payload limits in bytes [F1]: 4096 for most messages, 2048 for topic and condition messages. */
export const FCM_MAX_PAYLOAD_BYTES = 4096;
export const FCM_MAX_TOPIC_PAYLOAD_BYTES = 2048;
/** Android TTL range in seconds: 0 to 4 weeks. */
export const FCM_MAX_TTL_SECONDS = 2_419_200;

const TOPIC = /^[a-zA-Z0-9\-_.~%]+$/;
/** FCM registration tokens are URL-safe text; anything else is "not a valid FCM registration token". */
const REGISTRATION_TOKEN = /^[A-Za-z0-9\-_:.]{8,4096}$/;
const RESERVED_DATA_KEYS = new Set(['from', 'message_type']);

/** Decides whether a `messages:send` request body is acceptable, as FCM would. Pure. */
export function validateFcmRequest(body: Buffer): FcmValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'Unexpected token.';
    return fail(fcmErrors.badRequest([{ field: '', description: `Invalid JSON payload received. ${detail}` }]));
  }
  if (!isRecord(parsed)) {
    return fail(fcmErrors.badRequest([{ field: '', description: 'Invalid JSON payload received. Expected an object.' }]));
  }
  const violations: FieldViolation[] = [];
  let rawMessage: unknown = {};
  let validateOnly = false;
  for (const [name, value] of Object.entries(parsed)) {
    const camel = toCamel(name);
    if (camel === 'message' && name === 'message') rawMessage = value ?? {};
    else if (camel === 'validateOnly' && (name === 'validate_only' || name === 'validateOnly')) {
      if (value === null) continue;
      if (typeof value === 'boolean') validateOnly = value;
      else violations.push({ field: 'validate_only', description: `Invalid value at 'validate_only' (TYPE_BOOL), ${JSON.stringify(value)}` });
    } else {
      violations.push({ field: '', description: `Invalid JSON payload received. Unknown name "${name}": Cannot find field.` });
    }
  }
  const targetsGiven = isRecord(rawMessage)
    ? Object.entries(rawMessage)
        .filter(([name, value]) => (TARGET_FIELDS as readonly string[]).includes(toCamel(name)) && value !== null)
        .map(([name]) => name)
    : [];
  if (targetsGiven.length > 1) {
    violations.push({
      field: 'message',
      description: `Invalid value at 'message' (oneof), oneof field 'target' is already set. Cannot set '${targetsGiven[1]}'`,
    });
  }
  const message = parseProtoJson(rawMessage, MESSAGE, 'message', violations) as Record<string, unknown> | undefined;
  if (violations.length > 0 || !message) return fail(fcmErrors.badRequest(violations));
  return checkMessage(message, validateOnly);
}

function checkMessage(message: Record<string, unknown>, validateOnly: boolean): FcmValidation {
  const kind = TARGET_FIELDS.find((field) => typeof message[field] === 'string');
  if (!kind) return fail(fcmErrors.invalidArgument('Recipient of the message is not set.', 'message'));
  const value = message[kind] as string;
  if (kind === 'token' && !REGISTRATION_TOKEN.test(value)) return fail(fcmErrors.invalidRegistration());
  if (kind === 'topic' && !TOPIC.test(value)) return fail(fcmErrors.invalidArgument('Invalid topic name.', 'message.topic'));
  if ((kind === 'condition' || kind === 'fid') && value.trim() === '') {
    return fail(fcmErrors.invalidArgument(`Invalid ${kind}.`, `message.${kind}`));
  }
  const ruleError = checkDataKeys(message) ?? checkAndroid(message.android) ?? checkApns(message.apns) ?? checkWebpush(message.webpush);
  if (ruleError) return fail(ruleError);
  const payloadBytes = fcmPayloadBytes(message);
  const limit = kind === 'topic' || kind === 'condition' ? FCM_MAX_TOPIC_PAYLOAD_BYTES : FCM_MAX_PAYLOAD_BYTES;
  if (payloadBytes > limit) return fail(fcmErrors.invalidArgument('Message is too big', 'message'));
  return { ok: true, message, target: { kind, value }, validateOnly, payloadBytes };
}

function checkDataKeys(message: Record<string, unknown>): FcmError | undefined {
  const maps: Array<[string, unknown]> = [
    ['message.data', message.data],
    ['message.android.data', isRecord(message.android) ? message.android.data : undefined],
    ['message.webpush.data', isRecord(message.webpush) ? message.webpush.data : undefined],
  ];
  for (const [field, map] of maps) {
    if (!isRecord(map)) continue;
    for (const key of Object.keys(map)) {
      const lower = key.toLowerCase();
      if (RESERVED_DATA_KEYS.has(lower) || lower.startsWith('google') || lower.startsWith('gcm')) {
        return fcmErrors.invalidArgument(`Invalid data payload key: ${key}`, field);
      }
    }
  }
  return undefined;
}

function checkAndroid(android: unknown): FcmError | undefined {
  if (!isRecord(android) || typeof android.ttl !== 'string') return undefined;
  const seconds = Number(android.ttl.slice(0, -1));
  if (!(seconds >= 0 && seconds <= FCM_MAX_TTL_SECONDS)) {
    return fcmErrors.invalidArgument(`The message TTL must be between 0 and ${FCM_MAX_TTL_SECONDS} seconds.`, 'message.android.ttl');
  }
  return undefined;
}

function checkApns(apns: unknown): FcmError | undefined {
  if (!isRecord(apns)) return undefined;
  const headers = (isRecord(apns.headers) ? apns.headers : {}) as Record<string, string>;
  const priority = headers['apns-priority'];
  if (priority !== undefined && !['1', '5', '10'].includes(priority)) {
    return fcmErrors.invalidArgument('Invalid APNs priority.', 'message.apns.headers');
  }
  const expiration = headers['apns-expiration'];
  if (expiration !== undefined && !/^\d+$/.test(expiration)) {
    return fcmErrors.invalidArgument('Invalid APNs expiration.', 'message.apns.headers');
  }
  if (isRecord(apns.payload) && apns.payload.aps !== undefined && !isRecord(apns.payload.aps)) {
    return fcmErrors.invalidArgument('Invalid APNs payload: aps must be a dictionary.', 'message.apns.payload');
  }
  return undefined;
}

function checkWebpush(webpush: unknown): FcmError | undefined {
  if (!isRecord(webpush) || !isRecord(webpush.fcmOptions)) return undefined;
  const link = webpush.fcmOptions.link;
  if (typeof link === 'string' && !link.startsWith('https://')) {
    return fcmErrors.invalidArgument('The link must be a HTTPS URL.', 'message.webpush.fcm_options.link');
  }
  return undefined;
}

/**
 * Bytes that count against the payload limit: keys and values of the data maps and notification
 * fields, plus the APNs payload and web notification as JSON. Targets and options do not count.
 */
export function fcmPayloadBytes(message: Record<string, unknown>): number {
  const android = isRecord(message.android) ? message.android : {};
  const apns = isRecord(message.apns) ? message.apns : {};
  const webpush = isRecord(message.webpush) ? message.webpush : {};
  return (
    mapBytes(message.data) +
    mapBytes(message.notification) +
    mapBytes(android.data) +
    mapBytes(android.notification) +
    jsonBytes(apns.payload) +
    mapBytes(webpush.data) +
    jsonBytes(webpush.notification)
  );
}

function mapBytes(value: unknown): number {
  if (!isRecord(value)) return 0;
  let total = 0;
  for (const [key, item] of Object.entries(value)) {
    total += Buffer.byteLength(key);
    total += typeof item === 'string' ? Buffer.byteLength(item) : Buffer.byteLength(JSON.stringify(item));
  }
  return total;
}

function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

function fail(error: FcmError): { ok: false; error: FcmError } {
  return { ok: false, error };
}
