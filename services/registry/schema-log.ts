// The port to the registry's durable log. Production uses a compacted Kafka topic
// (kafka-schema-log.ts); unit tests use the in-memory log (memory-schema-log.ts).

/** One log record: key and value are JSON text; a null value is a tombstone. */
export interface LogEntry {
  readonly key: string;
  readonly value: string | null;
}

export interface SchemaLog {
  /** Delivers every entry written before this call, in log order; resolves once caught up. */
  replay(onEntry: (entry: LogEntry) => void): Promise<void>;
  /** Resolves once the entry is durable (Kafka: acknowledged by all in-sync replicas). */
  append(entry: LogEntry): Promise<void>;
  close(): Promise<void>;
}
