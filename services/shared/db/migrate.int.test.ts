import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ensureDatabase, maintenanceUrl } from './ensure-database';
import { migrate } from './migrate';
import { hashToken } from './token-hash';

const serverUrl = process.env.DATABASE_URL!;

function freshDatabaseUrl(): string {
  const url = new URL(serverUrl);
  url.pathname = `/herald_it_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

const created: string[] = [];

async function dropDatabases(): Promise<void> {
  const admin = new Client({ connectionString: maintenanceUrl(serverUrl) });
  await admin.connect();
  try {
    for (const url of created.splice(0)) {
      const name = new URL(url).pathname.slice(1);
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

function track(url: string): string {
  created.push(url);
  return url;
}

afterAll(dropDatabases);

describe('ensureDatabase', () => {
  it('creates a missing database once', async () => {
    const url = track(freshDatabaseUrl());
    expect(await ensureDatabase(url)).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('survives concurrent creation of the same database', async () => {
    const url = track(freshDatabaseUrl());
    const results = await Promise.all([1, 2, 3, 4].map(() => ensureDatabase(url)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('migrate', () => {
  it('applies every migration on a fresh database, and nothing the second time', async () => {
    const url = track(freshDatabaseUrl());
    await ensureDatabase(url);
    const first = await migrate({ databaseUrl: url });
    expect(first.applied.length).toBeGreaterThanOrEqual(7);
    expect(first.applied[0]).toMatch(/users-and-devices$/);
    const second = await migrate({ databaseUrl: url });
    expect(second).toEqual({ applied: [], receiptPartitionsCreated: 0 });
  });

  it('lets processes that start together queue instead of failing', async () => {
    const url = track(freshDatabaseUrl());
    await ensureDatabase(url);
    const results = await Promise.all([1, 2, 3].map(() => migrate({ databaseUrl: url })));
    const applied = results.map((r) => r.applied.length).sort();
    expect(applied[0]).toBe(0);
    expect(applied[1]).toBe(0);
    expect(applied[2]).toBeGreaterThanOrEqual(7);
  });

  describe('the resulting schema', () => {
    const url = track(freshDatabaseUrl());
    const pool = new Pool({ connectionString: url, max: 2 });

    beforeAll(async () => {
      await ensureDatabase(url);
      await migrate({ databaseUrl: url });
    });

    afterAll(async () => {
      await pool.end();
    });

    const insertDevice = (token: string, userId: string, extra: Record<string, unknown> = {}) => {
      const row = { app: 'shop', user_id: userId, platform: 'android', provider: 'fcm', token, token_hash: hashToken(token), ...extra };
      const columns = Object.keys(row);
      return pool.query<{ id: string; user_id: string }>(
        `INSERT INTO devices (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (app, provider, token_hash) DO UPDATE SET user_id = EXCLUDED.user_id, last_seen_at = now()
         RETURNING id, user_id`,
        Object.values(row),
      );
    };

    it('keeps one device per (app, provider, token), re-registration moving it between users', async () => {
      const first = await insertDevice('fcm-token-1', 'user-a');
      const again = await insertDevice('fcm-token-1', 'user-b');
      expect(again.rows[0]).toEqual({ id: first.rows[0]!.id, user_id: 'user-b' });
      const count = await pool.query('SELECT count(*)::int AS n FROM devices WHERE token_hash = $1', [hashToken('fcm-token-1')]);
      expect(count.rows[0]).toEqual({ n: 1 });
    });

    it('rejects devices whose provider data does not fit the provider', async () => {
      await expect(insertDevice('https://push.example/sub/1', 'user-a', { platform: 'web', provider: 'webpush' })).rejects.toMatchObject({
        code: '23514',
      });
      await expect(insertDevice('apns-hex', 'user-a', { platform: 'ios', provider: 'apns' })).rejects.toMatchObject({ code: '23514' });
      await expect(
        insertDevice('apns-hex', 'user-a', { platform: 'android', provider: 'apns', apns_environment: 'sandbox' }),
      ).rejects.toMatchObject({ code: '23514' });
      const ok = await insertDevice('https://push.example/sub/2', 'user-a', {
        platform: 'web',
        provider: 'webpush',
        webpush_p256dh: 'BNcR',
        webpush_auth: 'tBHI',
      });
      expect(ok.rowCount).toBe(1);
    });

    it('records a dead letter once per source message', async () => {
      const insert = () =>
        pool.query(
          `INSERT INTO dead_letters (stage, source_topic, source_partition, source_offset, key, value, headers, reason_code, reason_message, failed_at, attempts)
           VALUES ('targeting', 't', 0, 42, NULL, $1, '{"a":"b"}', 'DECODE_FAILED', 'bad magic byte', now(), 1)
           ON CONFLICT (stage, source_topic, source_partition, source_offset) DO NOTHING`,
          [Buffer.from([0xff, 0x00, 0x01])],
        );
      expect((await insert()).rowCount).toBe(1);
      expect((await insert()).rowCount).toBe(0);
      const row = await pool.query<{ value: Buffer; status: string }>('SELECT value, status FROM dead_letters');
      expect(row.rows).toEqual([{ value: Buffer.from([0xff, 0x00, 0x01]), status: 'open' }]);
    });
  });
});
