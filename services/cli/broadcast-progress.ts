// What `herald broadcast create --follow` shows, decided from one status answer of the API: the bar
// counts deliveries with a final receipt against deliveries emitted so far; the line shows the
// targeting counters. Following ends when the broadcast reaches a final status.

export interface BroadcastStatusView {
  readonly broadcast_id: string;
  readonly status: string;
  readonly progress: { readonly targeted: number; readonly emitted: number; readonly suppressed: number };
  readonly receipts?: Readonly<Record<string, number>>;
  readonly failure_reason?: string | null;
}

export const FINAL_STATUSES: readonly string[] = ['completed', 'cancelled', 'failed'];

/** Receipt statuses that are not an outcome yet (another attempt follows). */
const NOT_FINAL_RECEIPTS = new Set(['RETRY_SCHEDULED']);

export interface FollowFrame {
  readonly done: boolean;
  /** Deliveries with a final receipt. */
  readonly value: number;
  /** Deliveries emitted (at least 1, so a bar can be drawn). */
  readonly total: number;
  readonly line: string;
}

export function followFrame(view: BroadcastStatusView): FollowFrame {
  const { targeted, emitted, suppressed } = view.progress;
  const outcomes = Object.entries(view.receipts ?? {})
    .filter(([status]) => !NOT_FINAL_RECEIPTS.has(status))
    .reduce((sum, [, n]) => sum + n, 0);
  const receipts = Object.entries(view.receipts ?? {})
    .map(([status, n]) => `${status.toLowerCase()} ${n}`)
    .join(', ');
  const failure = view.status === 'failed' && view.failure_reason ? ` (${view.failure_reason})` : '';
  return {
    done: FINAL_STATUSES.includes(view.status),
    value: Math.min(outcomes, Math.max(emitted, 1)),
    total: Math.max(emitted, 1),
    line: `${view.status}${failure}: targeted ${targeted}, emitted ${emitted}, suppressed ${suppressed}${receipts ? ` | ${receipts}` : ''}`,
  };
}
