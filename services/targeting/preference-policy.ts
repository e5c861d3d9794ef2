import type { Priority } from '../shared/contracts/messages';

/** A user's push preferences, as targeting needs them (a user with no row gets DEFAULT_PREFERENCES). */
export interface Preferences {
  readonly globalOptOut: boolean;
  readonly pushEnabled: boolean;
  readonly categoryOptOuts: readonly string[];
  readonly mutedThreadKeys: readonly string[];
}

export const DEFAULT_PREFERENCES: Preferences = Object.freeze({
  globalOptOut: false,
  pushEnabled: true,
  categoryOptOuts: [],
  mutedThreadKeys: [],
});

/**
 * Closed set of reasons a notification is not sent, as written in receipts (status SUPPRESSED, or
 * MESSAGE_REJECTED for PAYLOAD_TOO_LARGE) and as metric labels.
 */
export const SUPPRESSION_REASONS = [
  'OPTED_OUT',
  'PUSH_DISABLED',
  'CATEGORY_OPTED_OUT',
  'THREAD_MUTED',
  'NO_DEVICES',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export interface PolicyInput {
  readonly category: string;
  readonly priority: Priority;
  readonly threadKey: string | null;
}

export type PolicyDecision = { readonly allow: true } | { readonly allow: false; readonly reason: SuppressionReason };

const ALLOW: PolicyDecision = Object.freeze({ allow: true });

/**
 * Whether a user's preferences let this notification through. A global opt-out and disabled push
 * always win (nothing bypasses them); CRITICAL bypasses a category opt-out only; a muted thread is
 * honoured for every priority.
 */
export function decidePreferences(prefs: Preferences, n: PolicyInput): PolicyDecision {
  if (prefs.globalOptOut) return { allow: false, reason: 'OPTED_OUT' };
  if (!prefs.pushEnabled) return { allow: false, reason: 'PUSH_DISABLED' };
  if (n.threadKey !== null && prefs.mutedThreadKeys.includes(n.threadKey)) return { allow: false, reason: 'THREAD_MUTED' };
  if (n.priority !== 'CRITICAL' && prefs.categoryOptOuts.includes(n.category)) {
    return { allow: false, reason: 'CATEGORY_OPTED_OUT' };
  }
  return ALLOW;
}
