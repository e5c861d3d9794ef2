import type { Pool, PoolClient } from 'pg';
import { waitFor } from '../../helpers/wait-for';

// Puts a crash in targeting's worst window on purpose: after a chunk's deliveries are on Kafka, before
// its checkpoint is recorded. The test locks the broadcast's row, so the worker's next checkpoint
// UPDATE waits on the lock (its emit has already been acknowledged); the test kills targeting there,
// terminates the dead process's waiting backend (PostgreSQL would otherwise run and commit the UPDATE
// once the lock is released), then releases the lock. The restarted worker must re-emit that chunk.

export interface CheckpointHold {
  /** Resolves once a checkpoint of the broadcast waits on the hold; returns the waiting backends. */
  waitForBlockedCheckpoint(timeoutMs: number): Promise<number[]>;
  /** Terminates the backends `waitForBlockedCheckpoint` returned (their UPDATE rolls back), then releases the row. */
  dropBlockedAndRelease(backends: readonly number[]): Promise<void>;
  /** Releases the row (idempotent), for cleanup on failure. */
  release(): Promise<void>;
}

const BLOCKED_CHECKPOINTS_SQL = `
SELECT pid FROM pg_stat_activity
WHERE $1::int = ANY(pg_blocking_pids(pid)) AND query LIKE '%UPDATE broadcasts SET%cursor_app%'`;

export async function holdCheckpoints(pool: Pool, broadcastId: string): Promise<CheckpointHold> {
  const client: PoolClient = await pool.connect();
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    try {
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  };
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const holderPid = rows[0]!.pid;
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM broadcasts WHERE id = $1 FOR UPDATE', [broadcastId]);
    return {
      waitForBlockedCheckpoint: (timeoutMs) =>
        waitFor(
          async () => {
            const blocked = await pool.query<{ pid: number }>(BLOCKED_CHECKPOINTS_SQL, [holderPid]);
            return blocked.rows.length > 0 ? blocked.rows.map((r) => r.pid) : undefined;
          },
          { description: `a checkpoint of broadcast ${broadcastId} waiting on the test's row lock`, timeoutMs, intervalMs: 10 },
        ),
      async dropBlockedAndRelease(backends) {
        // Waits (up to 5 s) until each backend is gone, so its UPDATE cannot commit after the release.
        for (const pid of backends) await pool.query('SELECT pg_terminate_backend($1, 5000)', [pid]);
        await release();
      },
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}
