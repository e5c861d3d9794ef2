import type { DeadLetter } from '../shared/contracts/messages';
import type { Queryable } from '../shared/db/pool';

/** The feedback stage's port for recording dead letters (original bytes, source coordinates, reason). */
export interface DeadLetterStore {
  /** Records each dead letter once; redelivered ones are skipped. Returns how many were new. */
  record(letters: readonly DeadLetter[]): Promise<number>;
}

const INSERT = `
INSERT INTO dead_letters (stage, source_topic, source_partition, source_offset, key, value, headers,
                          reason_code, reason_message, failed_at, attempts)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::bytea[], $6::bytea[], $7::jsonb[],
                     $8::text[], $9::text[], $10::timestamptz[], $11::int[])
ON CONFLICT ON CONSTRAINT dead_letters_source_unique DO NOTHING`;

export function createPgDeadLetterStore(db: Queryable): DeadLetterStore {
  return {
    async record(letters) {
      if (letters.length === 0) return 0;
      const unique = new Map<string, DeadLetter>();
      for (const l of letters) unique.set(`${l.stage}|${l.source_topic}|${l.source_partition}|${l.source_offset}`, l);
      const rows = [...unique.values()];
      const result = await db.query(INSERT, [
        rows.map((l) => l.stage),
        rows.map((l) => l.source_topic),
        rows.map((l) => l.source_partition),
        rows.map((l) => String(l.source_offset)),
        rows.map((l) => l.key),
        rows.map((l) => l.value),
        rows.map((l) => JSON.stringify(l.headers)),
        rows.map((l) => l.reason_code),
        rows.map((l) => l.reason_message),
        rows.map((l) => new Date(l.failed_at)),
        rows.map((l) => l.attempts),
      ]);
      return result.rowCount ?? 0;
    },
  };
}
