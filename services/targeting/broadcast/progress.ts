import type { FanOutPlan } from '../fan-out';
import type { BroadcastProgress } from '../ports';

/** What one emitted chunk adds to a broadcast's counters: every targeted device is emitted or suppressed (by reason). */
export function progressOf(targeted: number, plan: FanOutPlan): BroadcastProgress {
  const suppressedByReason: Record<string, number> = {};
  for (const reason of plan.notSent) suppressedByReason[reason] = (suppressedByReason[reason] ?? 0) + 1;
  return { targeted, emitted: plan.deliveries.length, suppressed: plan.notSent.length, suppressedByReason };
}
