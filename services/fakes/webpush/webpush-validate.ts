import { webPushErrors, type WebPushError } from './webpush-errors';

/** Largest request body in bytes (RFC 8291 §4: one 4096-byte record). */
export const WEBPUSH_MAX_BODY_BYTES = 4096;
/** TTL the fake promises to keep, seconds (autopush: 60 days); larger values are cut, not refused. */
export const WEBPUSH_MAX_TTL_SECONDS = 5_184_000;

export const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface WebPushHeaders {
  ttlSeconds: number;
  urgency: Urgency;
  topic: string | undefined;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** RFC 8030 §5.2–5.4 headers and the aes128gcm content coding (RFC 8291). Pure. */
export function validateWebPushHeaders(
  headers: Headers,
  duplicateHeaders: readonly string[],
  bodyBytes: number,
  bodyTooLarge: boolean,
): { ok: true; headers: WebPushHeaders } | { ok: false; error: WebPushError } {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const ttl = one('ttl');
  if (ttl === undefined || !/^-?\d+$/.test(ttl.trim())) return { ok: false, error: webPushErrors.missingTtl() };
  const ttlSeconds = Number(ttl.trim());
  if (ttlSeconds < 0) return { ok: false, error: webPushErrors.negativeTtl() };

  const urgencyHeader = one('urgency');
  if (duplicateHeaders.includes('urgency') || (urgencyHeader !== undefined && !(URGENCIES as readonly string[]).includes(urgencyHeader.trim()))) {
    return { ok: false, error: webPushErrors.invalidUrgency() };
  }
  const topic = one('topic');
  if (topic !== undefined) {
    if (topic.length > 32) return { ok: false, error: webPushErrors.invalidTopic('Topic must be no greater than 32 characters') };
    if (!/^[0-9A-Za-z\-_]+$/.test(topic)) return { ok: false, error: webPushErrors.invalidTopic('Topic must be URL and Filename safe Base64 alphabet') };
  }
  if (bodyTooLarge || bodyBytes > WEBPUSH_MAX_BODY_BYTES) return { ok: false, error: webPushErrors.payloadTooLarge() };
  if (bodyBytes > 0) {
    const encoding = one('content-encoding');
    if (encoding === undefined) return { ok: false, error: webPushErrors.invalidEncryption('Missing Content-Encoding header') };
    if (encoding.trim().toLowerCase() !== 'aes128gcm') {
      return { ok: false, error: webPushErrors.invalidEncryption('Unknown Content-Encoding header') };
    }
  }
  return {
    ok: true,
    headers: {
      ttlSeconds: Math.min(ttlSeconds, WEBPUSH_MAX_TTL_SECONDS),
      urgency: (urgencyHeader?.trim() ?? 'normal') as Urgency,
      topic,
    },
  };
}
