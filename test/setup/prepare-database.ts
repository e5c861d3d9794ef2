import { ensureDatabase } from '../../services/shared/db/ensure-database';
import { migrate } from '../../services/shared/db/migrate';

/** Creates the test database if missing and applies migrations (idempotent, lock-protected). */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  await migrate({ databaseUrl });
}
