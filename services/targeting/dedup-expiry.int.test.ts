import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createLogger } from '../shared/logger';
import { startDedupExpiry } from './dedup-expiry';

// Against the real database: only emitted pairs past retention go; pending ones (a replay must
// re-emit them) and recent ones stay.
describe('dedup expiry', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  afterAll(() => pool.end());

  it('deletes old emitted pairs and keeps pending and recent ones', async () => {
    const event = `evt-${randomUUID()}`;
    await pool.query(
      `INSERT INTO dedup (event_id, user_id, created_at, emitted_at) VALUES
         ($1, 'old-emitted', now() - interval '10 days', now() - interval '10 days'),
         ($1, 'old-pending', now() - interval '10 days', NULL),
         ($1, 'new-emitted', now(), now())`,
      [event],
    );
    const stop = startDedupExpiry({ db: pool, logger: createLogger('dedup-test', 'silent'), retentionHours: 24 * 7, intervalMs: 3_600_000 });
    await stop();
    const left = await pool.query<{ user_id: string }>('SELECT user_id FROM dedup WHERE event_id = $1 ORDER BY user_id', [event]);
    expect(left.rows.map((r) => r.user_id)).toEqual(['new-emitted', 'old-pending']);
  });
});
