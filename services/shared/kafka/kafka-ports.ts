// Client-agnostic shapes of what Herald needs from Kafka. kafkajs lives behind these in
// kafkajs-consumer.ts and producer.ts; swapping the client (e.g. @platformatic/kafka) means writing
// those two adapters again, nothing else.

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset as a decimal string (offsets are int64). */
  readonly offset: string;
  readonly key: Buffer | null;
  /** The original value bytes, untouched (null for a tombstone). */
  readonly value: Buffer | null;
  /** Headers, a repeated header keeping its last value. */
  readonly headers: Readonly<Record<string, Buffer>>;
  /** Record timestamp, milliseconds since the Unix epoch. */
  readonly timestampMs: number;
}

export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the next record the broker will append (decimal string). */
  readonly highWatermark: string;
  readonly records: readonly ConsumedRecord[];
}

/** What the consumer runner may do while handling one partition's batch. */
export interface BatchControls {
  /** Marks `offset` and everything before it as processed; the client commits resolved offsets only. */
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  /** Pauses fetching this partition; the returned function resumes it. Unresolved records are fetched again. */
  pausePartition(): () => void;
  /** False once stop() began: finish the current unit of work, resolve it, return. */
  isRunning(): boolean;
  /** True when the partition was revoked or seeked: stop working on this batch. */
  isStale(): boolean;
}

export interface ConsumerRunConfig {
  readonly partitionsConsumedConcurrently: number;
  eachBatch(batch: PartitionBatch, controls: BatchControls): Promise<void>;
}

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface ConsumerEvents {
  /** The member joined the group and got its assignment. */
  onGroupJoin(listener: (assignment: readonly TopicPartitions[]) => void): void;
  /** The client gave up (after its own retries). `restarting` tells whether it will rejoin by itself. */
  onCrash(listener: (error: Error, restarting: boolean) => void): void;
}

export interface ConsumerPort extends ConsumerEvents {
  readonly groupId: string;
  connect(): Promise<void>;
  subscribe(topics: readonly string[], fromBeginning: boolean): Promise<void>;
  /** Starts consuming; resolves once the consume loop is running (not when it ends). */
  run(config: ConsumerRunConfig): Promise<void>;
  /** Finishes the in-flight batches, commits resolved offsets, leaves the group. */
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface OutgoingRecord {
  readonly key?: Buffer | string | null;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, Buffer | string>>;
  /** Explicit partition; by default the key's hash picks it (murmur2, like the Java client). */
  readonly partition?: number;
  /** Milliseconds since the Unix epoch; default: now. */
  readonly timestampMs?: number;
}

export interface TopicRecords {
  readonly topic: string;
  readonly records: readonly OutgoingRecord[];
}

export interface ProducerPort {
  connect(): Promise<void>;
  /** Resolves when every record is acknowledged by all in-sync replicas (acks = -1). */
  send(topic: string, records: readonly OutgoingRecord[]): Promise<void>;
  /** Several topics in as few requests as possible; same guarantee as send(). */
  sendBatch(batches: readonly TopicRecords[]): Promise<void>;
  disconnect(): Promise<void>;
}
