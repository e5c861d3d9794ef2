import { Pool } from 'pg';
import type { DbConfig } from './db-config';

/** Anything that runs a query: a Pool, or a PoolClient inside a transaction. */
export type Queryable = Pick<Pool, 'query'>;

/**
 * A pg Pool for one process. `onIdleClientError` receives errors of idle connections (server
 * restart, network cut); without a listener pg would crash the process on them.
 */
export function createPool(
  config: DbConfig,
  onIdleClientError: (error: Error) => void,
  applicationName = 'herald',
): Pool {
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: config.idleTimeoutMs,
    application_name: applicationName,
    ...(config.statementTimeoutMs > 0 ? { statement_timeout: config.statementTimeoutMs } : {}),
  });
  pool.on('error', onIdleClientError);
  return pool;
}
