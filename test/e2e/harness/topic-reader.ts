import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { AvroCodec } from '../../../services/shared/codec/avro-codec';
import { waitFor } from '../../helpers/wait-for';

// Everything on a topic up to its high watermarks at the time of the call, decoded: for assertions
// that something was NOT written (e.g. no retry of a permanent error), which must read to the end.

export interface TopicRecord {
  readonly partition: number;
  readonly offset: string;
  /** The record's timestamp (CreateTime: when its producer sent it), epoch ms. */
  readonly timestampMs: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Decoded value; undefined when it does not decode. */
  readonly value: unknown;
}

export async function readTopicToEnd(kafka: Kafka, codec: AvroCodec, topic: string, timeoutMs = 30_000): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  const wanted = [...ends].filter(([, high]) => high > 0n);
  if (wanted.length === 0) return [];
  const records: TopicRecord[] = [];
  const seen = new Map<number, bigint>();
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomBytes(5).toString('hex')}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
        let value: unknown;
        try {
          value = await codec.decode(message.value);
        } catch {
          value = undefined;
        }
        records.push({ partition, offset: message.offset, timestampMs: Number(message.timestamp), headers, value });
        seen.set(partition, BigInt(message.offset));
      },
    });
    await waitFor(() => wanted.every(([partition, high]) => (seen.get(partition) ?? -1n) >= high - 1n), {
      description: `${topic} read to its end`,
      timeoutMs,
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
