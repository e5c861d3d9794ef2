import type { Pool, PoolClient } from 'pg';
import { ApiError } from '../api-errors';

// Small helpers the pg-backed stores share: transactions and the database's spelling of symbols.

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** PostgreSQL SQLSTATE of an error thrown by pg, if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** A concurrent request changed the same row first (unique violation, serialization failure): 409, retry. */
export function asConflict(error: unknown, what: string): unknown {
  const state = sqlState(error);
  if (state === '23505' || state === '40001' || state === '40P01') {
    return new ApiError('CONFLICT', `${what} was changed by a concurrent request; retry`, { cause: error });
  }
  return error;
}

export const upper = <S extends string>(value: string): S => value.toUpperCase() as S;
