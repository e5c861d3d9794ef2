import type { Pipeline } from './pipeline';
import type { SeededDevice } from './seed';
import { readTopicToEnd, type TopicRecord } from './topic-reader';

// Where devices of a broadcast went missing, for a failure message: the deliveries targeting put on
// the bulk lanes (partition, offset, producer time), the receipts on the receipts topic and in
// PostgreSQL, what the fake gateway received, and where each sender's bulk group stands (committed
// offset against the partition's end) on the partitions that hold those deliveries.

export interface DeviceTrace {
  readonly device: string;
  readonly provider: string;
  readonly deliveries: readonly { readonly partition: number; readonly offset: string; readonly at: string }[];
  readonly receiptsOnTopic: readonly string[];
  readonly receiptRows: readonly string[];
  readonly sendsAtFake: number;
}

export interface GroupPosition {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly committed: string;
  readonly end: string;
}

export interface MissingDevicesReport {
  readonly traces: readonly DeviceTrace[];
  /** Bulk-lane positions of the partitions holding a missing device's delivery. */
  readonly positions: readonly GroupPosition[];
}

const MAX_TRACED = 40;
const PROVIDERS_OF_TOPICS = ['fcm', 'apns', 'webpush'] as const;
type TracedProvider = (typeof PROVIDERS_OF_TOPICS)[number];
/** The sender's group of a lane, as pipeline.ts names it (SENDER_GROUP_PREFIX) and sender-stage.ts extends it. */
const senderGroupOf = (p: Pipeline, provider: TracedProvider, lane: 'bulk' | 'priority'): string =>
  `${p.prefix.replace(/\.$/, '')}-sender-${provider}-${lane}`;

type Decoded = Record<string, unknown>;
const field = (record: TopicRecord, name: string): unknown => (record.value as Decoded | undefined)?.[name];

export async function traceMissingDevices(p: Pipeline, broadcastId: string, missing: readonly SeededDevice[]): Promise<MissingDevicesReport> {
  const wanted = new Set(missing.map((d) => d.id));
  const deliveriesByDevice = new Map<string, { partition: number; offset: string; at: string; topic: string }[]>();
  for (const provider of PROVIDERS_OF_TOPICS) {
    const topic = p.topics[`delivery.${provider}.bulk`];
    for (const record of await readTopicToEnd(p.kafka, p.codec, topic, 60_000)) {
      const device = field(record, 'device_id');
      if (typeof device !== 'string' || !wanted.has(device) || field(record, 'event_id') !== broadcastId) continue;
      const list = deliveriesByDevice.get(device) ?? [];
      list.push({ topic, partition: record.partition, offset: record.offset, at: new Date(record.timestampMs).toISOString() });
      deliveriesByDevice.set(device, list);
    }
  }
  const receiptsByDevice = new Map<string, string[]>();
  for (const record of await readTopicToEnd(p.kafka, p.codec, p.topics.receipts, 60_000)) {
    const device = field(record, 'device_id');
    if (typeof device !== 'string' || !wanted.has(device)) continue;
    receiptsByDevice.set(device, [...(receiptsByDevice.get(device) ?? []), `${String(field(record, 'status'))}@${record.partition}/${record.offset}`]);
  }
  const { rows } = await p.pool.query<{ device_id: string; status: string; attempt: number }>(
    'SELECT device_id::text AS device_id, status, attempt FROM receipts WHERE event_id = $1 AND device_id = ANY($2::uuid[])',
    [broadcastId, [...wanted]],
  );
  const traces: DeviceTrace[] = [];
  for (const d of missing.slice(0, MAX_TRACED)) {
    traces.push({
      device: d.id,
      provider: d.provider,
      deliveries: (deliveriesByDevice.get(d.id) ?? []).map(({ partition, offset, at }) => ({ partition, offset, at })),
      receiptsOnTopic: receiptsByDevice.get(d.id) ?? [],
      receiptRows: rows.filter((r) => r.device_id === d.id).map((r) => `${r.status}#${r.attempt}`),
      sendsAtFake: (await p.fakes.received(d.provider, d.fakeToken)).length,
    });
  }

  const partitionsOf = new Map<TracedProvider, Set<number>>();
  for (const d of missing) {
    for (const { partition } of deliveriesByDevice.get(d.id) ?? []) {
      const set = partitionsOf.get(d.provider) ?? new Set<number>();
      set.add(partition);
      partitionsOf.set(d.provider, set);
    }
  }
  const admin = p.kafka.admin();
  await admin.connect();
  const positions: GroupPosition[] = [];
  try {
    for (const [provider, partitions] of partitionsOf) {
      const topic = p.topics[`delivery.${provider}.bulk`];
      const group = senderGroupOf(p, provider, 'bulk');
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]));
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      for (const { partition, offset } of committed?.partitions ?? []) {
        if (!partitions.has(partition)) continue;
        positions.push({ group, topic, partition, committed: offset, end: ends.get(partition) ?? '?' });
      }
    }
  } finally {
    await admin.disconnect();
  }
  return { traces, positions };
}

export function describeMissing(report: MissingDevicesReport): string {
  return [
    'missing devices (first traced):',
    ...report.traces.map((t) => `  ${JSON.stringify(t)}`),
    'bulk group positions of their partitions:',
    ...report.positions.map((g) => `  ${JSON.stringify(g)}`),
  ].join('\n');
}
