import type { Receipt } from '../shared/contracts/messages';

/** A device the providers reported dead: deactivate it unless it re-registered after `reportedAt`. */
export interface DeadToken {
  readonly deviceId: string;
  readonly reason: string;
  readonly reportedAt: Date;
}

/** A device a provider accepted a notification for: its last_used_at moves forward. */
export interface UsedToken {
  readonly deviceId: string;
  readonly usedAt: Date;
}

export interface TokenFeedback {
  readonly dead: readonly DeadToken[];
  readonly used: readonly UsedToken[];
}

/**
 * The feedback loop's decision over a batch of receipts: TOKEN_DEAD deactivates the device (one entry
 * per device, the earliest report), ACCEPTED refreshes last_used_at (one entry per device, the latest).
 * A device both used and dead in one batch is only deactivated. Receipts without a device (suppressed
 * before a device was known) change nothing.
 */
export function tokenFeedback(receipts: readonly Receipt[]): TokenFeedback {
  const dead = new Map<string, DeadToken>();
  const used = new Map<string, UsedToken>();
  for (const r of receipts) {
    if (r.device_id === null) continue;
    if (r.status === 'TOKEN_DEAD') {
      const previous = dead.get(r.device_id);
      if (previous === undefined || r.occurred_at < previous.reportedAt.getTime()) {
        dead.set(r.device_id, {
          deviceId: r.device_id,
          reason: `token_dead${r.reason ? `: ${r.reason}` : ''}`.slice(0, 200),
          reportedAt: new Date(r.occurred_at),
        });
      }
    } else if (r.status === 'ACCEPTED') {
      const previous = used.get(r.device_id);
      if (previous === undefined || r.occurred_at > previous.usedAt.getTime()) {
        used.set(r.device_id, { deviceId: r.device_id, usedAt: new Date(r.occurred_at) });
      }
    }
  }
  for (const id of dead.keys()) used.delete(id);
  // Sorted so concurrent batches lock rows in one order (no deadlocks between feedback instances).
  const byId = <T extends { deviceId: string }>(a: T, b: T): number => a.deviceId.localeCompare(b.deviceId);
  return { dead: [...dead.values()].sort(byId), used: [...used.values()].sort(byId) };
}
