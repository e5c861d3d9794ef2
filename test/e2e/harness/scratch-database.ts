import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseNameOf, maintenanceUrl } from '../../../services/shared/db/ensure-database';

// Each pipeline gets a database of its own on the same server: broadcast workers claim any runnable
// broadcast in their database, so a shared one would let a leftover broadcast of another run (or
// another test file) be streamed onto this pipeline's topics. The stages create and migrate it
// (prepareContracts); dropScratchDatabase removes it, connections and all.

/** `baseUrl` pointed at a fresh, not yet created database named `<label>_<random>`. */
export function scratchDatabaseUrl(baseUrl: string, label: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export async function dropScratchDatabase(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseNameOf(databaseUrl))} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
