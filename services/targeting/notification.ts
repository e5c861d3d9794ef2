import { HeraldError } from '../shared/errors';
import {
  DEFAULT_APP,
  type BroadcastTrigger,
  type EpochMillis,
  type NotificationContent,
  type NotificationRequest,
  type NotificationTemplate,
  type Priority,
} from '../shared/contracts/messages';

/** APNs rejects a longer apns-collapse-id (BadCollapseId); the strictest provider sets the bound. */
export const MAX_COLLAPSE_KEY_BYTES = 64;

/**
 * What targeting works on, whatever the input was (a canonical request, a domain event mapped by a
 * rule, or a broadcast): one notification, for users or devices resolved later.
 */
export interface Notification {
  readonly eventId: string;
  /** Set for broadcasts (equal to eventId); null for transactional notifications. */
  readonly broadcastId: string | null;
  readonly app: string;
  readonly category: string;
  readonly priority: Priority;
  /** Seconds from createdAt. */
  readonly ttlSeconds: number;
  readonly collapseKey: string | null;
  readonly content: NotificationContent | null;
  readonly template: NotificationTemplate | null;
  readonly silent: boolean;
  readonly threadKey: string | null;
  readonly createdAt: EpochMillis;
}

function invalid(message: string): HeraldError {
  return new HeraldError('INVALID_MESSAGE', message);
}

function checkCommon(n: Notification): Notification {
  if (n.eventId.length === 0) throw invalid('event_id must not be empty');
  if (n.category.length === 0) throw invalid('category must not be empty');
  if (!Number.isInteger(n.ttlSeconds) || n.ttlSeconds < 0) throw invalid('ttl_seconds must be an integer >= 0');
  if (n.content !== null && n.template !== null) throw invalid('set exactly one of content and template, not both');
  if (n.content === null && n.template === null && !n.silent) {
    throw invalid('set exactly one of content and template (only a silent push may have neither)');
  }
  if (n.collapseKey !== null && Buffer.byteLength(n.collapseKey) > MAX_COLLAPSE_KEY_BYTES) {
    throw invalid(`collapse_key is longer than ${MAX_COLLAPSE_KEY_BYTES} bytes`);
  }
  return Object.freeze(n);
}

/** The notification a canonical request describes; throws INVALID_MESSAGE (dead-lettered) when it breaks the contract. */
export function notificationFromRequest(request: NotificationRequest): Notification {
  if (request.user_ids.length === 0) throw invalid('user_ids must list at least one user');
  return checkCommon({
    eventId: request.event_id,
    broadcastId: null,
    app: request.app ?? DEFAULT_APP,
    category: request.category,
    priority: request.priority,
    ttlSeconds: request.ttl_seconds,
    collapseKey: request.collapse_key,
    content: request.content,
    template: request.template,
    silent: request.silent,
    threadKey: request.thread_key,
    createdAt: request.created_at,
  });
}

/** A broadcast's notification: its id is the event id, so delivery ids are stable across resumes. */
export function notificationFromBroadcast(trigger: BroadcastTrigger): Notification {
  return checkCommon({
    eventId: trigger.broadcast_id,
    broadcastId: trigger.broadcast_id,
    app: trigger.app ?? DEFAULT_APP,
    category: trigger.category,
    priority: trigger.priority,
    ttlSeconds: trigger.ttl_seconds,
    collapseKey: null,
    content: trigger.content,
    template: trigger.template,
    silent: false,
    threadKey: null,
    createdAt: trigger.created_at,
  });
}

/** Instant after which the notification is not worth sending (ms since the epoch). */
export function expiresAt(n: Notification): EpochMillis {
  return n.createdAt + n.ttlSeconds * 1000;
}
