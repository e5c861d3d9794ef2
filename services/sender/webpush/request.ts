import { createHash } from 'node:crypto';
import type { Delivery, Priority } from '../../shared/contracts/messages';

// The pieces of a Web Push request that come from the delivery (RFC 8030 §5.2–5.4): TTL (seconds the
// push service may hold it: what is left of the delivery's life), Urgency and Topic.

const URGENCY: Readonly<Record<Priority, 'low' | 'normal' | 'high'>> = {
  LOW: 'low',
  NORMAL: 'normal',
  HIGH: 'high',
  CRITICAL: 'high',
};

const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

export function urgencyOf(priority: Priority): 'low' | 'normal' | 'high' {
  return URGENCY[priority];
}

/** Seconds left before the delivery expires, never negative. */
export function ttlSecondsLeft(delivery: Delivery, nowMs: number): number {
  return Math.max(0, Math.floor((delivery.expires_at - nowMs) / 1000));
}

/**
 * The Topic header for a collapse key: as-is when it already is ≤32 URL-safe base64 characters,
 * otherwise a stable 32-character digest of it (same key → same topic, so collapsing still works).
 */
export function topicOf(collapseKey: string | null): string | null {
  if (collapseKey === null) return null;
  if (TOPIC.test(collapseKey)) return collapseKey;
  return createHash('sha256').update(collapseKey).digest('base64url').slice(0, 32);
}

/** The push service origin (the VAPID audience and the gate key); null for an endpoint that is not https. */
export function pushServiceOrigin(endpoint: string): string | null {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
