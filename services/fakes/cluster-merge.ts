import type { ControlKind, ControlReplies } from './shared/control-commands';
import { emptyCounters, type Counters } from './shared/inspection-store';
import { PROVIDERS } from './shared/provider';

/** One answer from the answers of every worker: captures merged by time, counters summed. Pure. */
export function mergeReplies<K extends ControlKind>(kind: K, replies: ReadonlyArray<ControlReplies[K]>): ControlReplies[K] {
  if (kind === 'received') {
    const all = (replies as ReadonlyArray<ControlReplies['received']>).flatMap((r) => r.received);
    all.sort((a, b) => a.atMs - b.atMs);
    return { received: all } as ControlReplies[K];
  }
  if (kind === 'counters') {
    return { counters: sumCounters((replies as ReadonlyArray<ControlReplies['counters']>).map((r) => r.counters)) } as ControlReplies[K];
  }
  return (replies[0] ?? { ok: true }) as ControlReplies[K];
}

export function sumCounters(all: readonly Counters[]): Counters {
  const total = emptyCounters();
  for (const counters of all) {
    for (const provider of PROVIDERS) {
      const from = counters[provider];
      const into = total[provider];
      into.requests += from.requests;
      into.accepted += from.accepted;
      into.rejected += from.rejected;
      for (const [k, v] of Object.entries(from.byStatus)) into.byStatus[k] = (into.byStatus[k] ?? 0) + v;
      for (const [k, v] of Object.entries(from.byReason)) into.byReason[k] = (into.byReason[k] ?? 0) + v;
    }
  }
  return total;
}

/** A quota split over `workers` processes so that together they allow about `limit`. */
export function perWorkerLimit(limit: number, workers: number): number {
  return Math.max(1, Math.ceil(limit / workers));
}
