import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ensureDatabase, maintenanceUrl } from './ensure-database';
import { migrate } from './migrate';
import { dropReceiptPartitionsOlderThan, ensureReceiptPartitions } from './receipt-partitions';

const serverUrl = process.env.DATABASE_URL!;
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/herald_it_${randomBytes(6).toString('hex')}`;
  return url.toString();
})();

let pool: Pool | undefined;

beforeAll(async () => {
  await ensureDatabase(databaseUrl);
  await migrate({ databaseUrl });
  pool = new Pool({ connectionString: databaseUrl, max: 2 });
});

// Drops the database even when beforeAll failed half-way.
afterAll(async () => {
  await pool?.end();
  const admin = new Client({ connectionString: maintenanceUrl(serverUrl) });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(new URL(databaseUrl).pathname.slice(1))} WITH (FORCE)`);
  await admin.end();
});

function db(): Pool {
  if (pool === undefined) throw new Error('database not prepared');
  return pool;
}

function insertReceipt(receiptId: string, occurredAt: string) {
  return db().query(
    `INSERT INTO receipts (occurred_at, receipt_id, delivery_id, event_id, user_id, device_id, app, provider, status, attempt, event_at)
     VALUES ($1, $2, 'delivery-1', 'event-1', 'user-1', gen_random_uuid(), 'shop', 'fcm', 'accepted', 1, $1::timestamptz - interval '150 ms')
     ON CONFLICT (occurred_at, receipt_id) DO NOTHING`,
    [occurredAt, receiptId],
  );
}

async function partitionOf(receiptId: string): Promise<string[]> {
  const result = await db().query<{ part: string }>('SELECT tableoid::regclass::text AS part FROM receipts WHERE receipt_id = $1', [
    receiptId,
  ]);
  return result.rows.map((r) => r.part);
}

describe('receipt partitions', () => {
  it('creates missing daily partitions, once', async () => {
    const now = new Date('2030-03-10T12:00:00Z');
    expect(await ensureReceiptPartitions(db(), now, 3)).toBe(3);
    expect(await ensureReceiptPartitions(db(), now, 3)).toBe(0);
  });

  it('lands a receipt in the partition of its UTC day', async () => {
    expect((await insertReceipt('r-day', '2030-03-11T23:59:59.999Z')).rowCount).toBe(1);
    expect(await partitionOf('r-day')).toEqual(['receipts_p20300311']);
    expect((await insertReceipt('r-local', '2030-03-12T01:30:00+02:00')).rowCount).toBe(1);
    expect(await partitionOf('r-local')).toEqual(['receipts_p20300311']);
  });

  it('makes a duplicate receipt insert a no-op', async () => {
    expect((await insertReceipt('r-dup', '2030-03-10T08:00:00.123Z')).rowCount).toBe(1);
    expect((await insertReceipt('r-dup', '2030-03-10T08:00:00.123Z')).rowCount).toBe(0);
    expect(await partitionOf('r-dup')).toEqual(['receipts_p20300310']);
  });

  it('catches receipts of days without a partition, and moves them when the day gets one', async () => {
    await insertReceipt('r-early', '2031-01-01T10:00:00Z');
    expect(await partitionOf('r-early')).toEqual(['receipts_default']);
    expect(await ensureReceiptPartitions(db(), new Date('2031-01-01T00:00:00Z'), 1)).toBe(1);
    expect(await partitionOf('r-early')).toEqual(['receipts_p20310101']);
    const strays = await db().query('SELECT count(*)::int AS n FROM receipts_default');
    expect(strays.rows[0]).toEqual({ n: 0 });
  });

  it('drops whole days before the cutoff and keeps the cutoff day', async () => {
    const dropped = await dropReceiptPartitionsOlderThan(db(), new Date('2030-03-11T06:00:00Z'));
    expect(dropped).toContain('receipts_p20300310');
    expect(dropped).not.toContain('receipts_p20300311');
    expect(await partitionOf('r-dup')).toEqual([]);
    expect(await partitionOf('r-day')).toEqual(['receipts_p20300311']);
  });
});
