import type { Pool } from 'pg';
import type { FakeControl } from '../services/fakes';
import { hashToken } from '../services/shared/db/token-hash';
import type { BenchProvider } from './bench-options';

// The broadcast audience, generated inside PostgreSQL (generate_series, token hashes computed by the
// server exactly as hashToken does) in batches: a million devices is a few statements, never a
// million rows through Node. Web Push devices share a small pool of the fake's subscriptions (their
// keys) with distinct endpoints (`?d=<n>`: the push service routes by path), so seeding does not
// create a million key pairs in the fake.

const BATCH = 100_000;
const WEBPUSH_POOL = 64;

const TOKEN_SQL: Readonly<Record<BenchProvider, string>> = {
  fcm: `'bench-fcm-' || g || ':APA91b' || md5(g::text)`,
  apns: `md5('apns' || g) || md5('token' || g)`,
  webpush: `($5::text[])[g % ${WEBPUSH_POOL} + 1] || '?d=' || g`,
};

const PLATFORM: Readonly<Record<BenchProvider, string>> = { fcm: 'android', apns: 'ios', webpush: 'web' };

function insertSql(provider: BenchProvider): string {
  return `
INSERT INTO devices (app, user_id, platform, provider, token, token_hash, webpush_p256dh, webpush_auth, apns_environment, locale)
SELECT $1, $2 || g, '${PLATFORM[provider]}', '${provider}', t.token, sha256(convert_to(t.token, 'UTF8')),
       ${provider === 'webpush' ? `($6::text[])[g % ${WEBPUSH_POOL} + 1], ($7::text[])[g % ${WEBPUSH_POOL} + 1]` : 'NULL, NULL'},
       ${provider === 'apns' ? `'production'` : 'NULL'}, (ARRAY['en', 'de-DE', 'fr'])[g % 3 + 1]
FROM generate_series($3::int, $4::int) AS g
CROSS JOIN LATERAL (SELECT ${TOKEN_SQL[provider]} AS token) AS t`;
}

export interface AudienceSeed {
  readonly pool: Pool;
  readonly fakes: Pick<FakeControl, 'createWebPushSubscription'>;
  readonly vapidPublicKey: string;
  readonly app: string;
  readonly perProvider: Readonly<Record<BenchProvider, number>>;
  readonly progress?: (seeded: number) => void;
}

export async function seedBenchAudience(seed: AudienceSeed): Promise<void> {
  const subscriptions = [];
  if (seed.perProvider.webpush > 0) {
    for (let i = 0; i < WEBPUSH_POOL; i += 1) {
      subscriptions.push(await seed.fakes.createWebPushSubscription({ applicationServerKey: seed.vapidPublicKey }));
    }
  }
  const endpoints = subscriptions.map((s) => s.endpoint);
  const p256dh = subscriptions.map((s) => s.keys.p256dh);
  const auth = subscriptions.map((s) => s.keys.auth);
  let seeded = 0;
  let first = 1;
  for (const provider of ['fcm', 'apns', 'webpush'] as const) {
    const count = seed.perProvider[provider];
    for (let from = first; from < first + count; from += BATCH) {
      const to = Math.min(first + count - 1, from + BATCH - 1);
      const keys = provider === 'webpush' ? [endpoints, p256dh, auth] : [];
      await seed.pool.query(insertSql(provider), [seed.app, `${seed.app}-user-`, from, to, ...keys]);
      seeded += to - from + 1;
      seed.progress?.(seeded);
    }
    first += count;
  }
  await seed.pool.query('ANALYZE devices');
  // The server's hash must be the one Herald computes (services/shared/db/token-hash.ts).
  const { rows } = await seed.pool.query<{ token: string; token_hash: Buffer }>('SELECT token, token_hash FROM devices WHERE app = $1 LIMIT 3', [seed.app]);
  for (const row of rows) {
    if (!hashToken(row.token).equals(row.token_hash)) throw new Error('seeded token hashes differ from hashToken()');
  }
}
