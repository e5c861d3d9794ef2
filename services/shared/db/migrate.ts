import { Client } from 'pg';
import { runner } from 'node-pg-migrate';
import { findRepoPath } from '../contracts/repo-path';
import { ensureReceiptPartitions } from './receipt-partitions';

// Advisory-lock key of Herald's migration runs: any constant no other advisory lock of the database uses.
const MIGRATION_LOCK_KEY = '7361842001';

export interface MigrateOptions {
  readonly databaseUrl: string;
  /** Directory of the .sql migrations; default: infra/migrations found from this file. */
  readonly migrationsDir?: string;
  /** How long to wait for another process's migration run to finish, milliseconds; default 60000. */
  readonly lockTimeoutMs?: number;
  /** Clock for the receipt partitions created after migrating; default now. */
  readonly now?: Date;
  /** Progress lines from node-pg-migrate; default silent. */
  readonly log?: (message: string) => void;
}

export interface MigrateResult {
  /** Migrations applied by this call (empty when the database was up to date). */
  readonly applied: string[];
  readonly receiptPartitionsCreated: number;
}

/** infra/migrations of this checkout or installation (works from sources and from dist/). */
export function findMigrationsDir(fromDir: string = __dirname): string {
  return findRepoPath('infra/migrations', fromDir);
}

/**
 * Applies pending migrations (all in one transaction) and makes sure the receipt partitions for the
 * coming days exist. Idempotent, and safe when several processes start at once: they queue on an
 * advisory lock (bounded by lockTimeoutMs) instead of failing, and the later ones find nothing to do.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'herald-migrate' });
  await client.connect();
  try {
    await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${options.lockTimeoutMs ?? 60_000}ms`]);
    // Released when the session ends (client.end below), also when a migration fails.
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await client.query(`SELECT set_config('lock_timeout', '0', false)`);
    const applied = await runner({
      dbClient: client,
      dir: options.migrationsDir ?? findMigrationsDir(),
      // Only .sql files are migrations; anything else in the directory (a README) is ignored.
      ignorePattern: '.*(?<!\\.sql)',
      migrationsTable: 'pgmigrations',
      direction: 'up',
      singleTransaction: true,
      checkOrder: true,
      log: options.log ?? (() => undefined),
    });
    const receiptPartitionsCreated = await ensureReceiptPartitions(client, options.now ?? new Date());
    return { applied: applied.map((m) => m.name), receiptPartitionsCreated };
  } finally {
    await client.end();
  }
}
