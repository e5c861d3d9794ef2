import type { Priority } from '../shared/contracts/messages';

/** Delivery lane: `priority` is never queued behind broadcasts; `bulk` carries broadcasts and LOW traffic. */
export type Lane = 'priority' | 'bulk';

/**
 * HIGH, CRITICAL and other transactional traffic take the priority lane; broadcasts (whatever their
 * priority) and LOW notifications take the bulk lane, so a million-device broadcast never delays an OTP.
 */
export function laneFor(priority: Priority, isBroadcast: boolean): Lane {
  if (isBroadcast) return 'bulk';
  return priority === 'LOW' ? 'bulk' : 'priority';
}
