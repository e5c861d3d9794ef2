import type { LogEntry, SchemaLog } from './schema-log';

/** An in-process SchemaLog for unit tests; `failAppends` makes appends fail until cleared. */
export interface MemorySchemaLog extends SchemaLog {
  readonly entries: readonly LogEntry[];
  failAppends: Error | undefined;
}

export function createMemorySchemaLog(initial: readonly LogEntry[] = []): MemorySchemaLog {
  const entries: LogEntry[] = [...initial];
  const log: MemorySchemaLog = {
    entries,
    failAppends: undefined,
    replay: (onEntry) => {
      for (const entry of [...entries]) onEntry(entry);
      return Promise.resolve();
    },
    append: (entry) => {
      if (log.failAppends) return Promise.reject(log.failAppends);
      entries.push(entry);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return log;
}
