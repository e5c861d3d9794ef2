import type { Admin } from 'kafkajs';

// Consumer lag as SREs read it (kafka_exporter's kafka_consumergroup_lag): per group, topic and
// partition, the high watermark minus the committed offset. A partition with no committed offset
// counts everything still retained (high - low) as lag.

export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** Null when the group committed nothing on this partition. */
  readonly committed: number | null;
  readonly high: number;
  readonly lag: number;
}

export interface CommittedOffsets {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}

export interface Watermarks {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

export function lagOf(group: string, committed: readonly CommittedOffsets[], watermarks: ReadonlyMap<string, readonly Watermarks[]>): PartitionLag[] {
  const rows: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const marks = new Map((watermarks.get(topic) ?? []).map((w) => [w.partition, w]));
    for (const { partition, offset } of partitions) {
      const mark = marks.get(partition);
      if (!mark) continue;
      const high = Number(mark.high);
      const committedOffset = Number(offset) >= 0 ? Number(offset) : null;
      const lag = Math.max(0, high - (committedOffset ?? Number(mark.low)));
      rows.push({ group, topic, partition, committed: committedOffset, high, lag });
    }
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Reads committed offsets and watermarks through the admin client, for every group or the ones named. */
export async function readConsumerLag(admin: Pick<Admin, 'listGroups' | 'fetchOffsets' | 'fetchTopicOffsets'>, groups: readonly string[]): Promise<PartitionLag[]> {
  const groupIds = groups.length > 0 ? [...groups] : (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  const watermarks = new Map<string, Watermarks[]>();
  const rows: PartitionLag[] = [];
  for (const group of groupIds) {
    const committed = (await admin.fetchOffsets({ groupId: group })).filter((t) => !t.topic.startsWith('__'));
    for (const { topic } of committed) {
      if (!watermarks.has(topic)) watermarks.set(topic, await admin.fetchTopicOffsets(topic));
    }
    rows.push(...lagOf(group, committed, watermarks));
  }
  return rows;
}
