import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';
// Two concurrent CREATE DATABASE of one name: the loser can also fail on pg_database's unique index.
const UNIQUE_VIOLATION = '23505';

/** The database named by a postgres:// URL. */
export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (name.length === 0) throw new Error('DATABASE_URL names no database');
  return name;
}

/** The same server and credentials, pointed at the maintenance database. */
export function maintenanceUrl(databaseUrl: string, maintenanceDatabase = 'postgres'): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(maintenanceDatabase)}`;
  return url.toString();
}

function pgErrorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * Creates the database DATABASE_URL names when it does not exist (connecting to the `postgres`
 * maintenance database). Safe to call from several processes at once. Returns true if it created it.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
