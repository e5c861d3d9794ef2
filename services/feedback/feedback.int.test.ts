import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createStageKit, type StageKit } from '../shared/bootstrap/stage-kit';
import { receiptIdFor } from '../shared/contracts/message-ids';
import type { Receipt } from '../shared/contracts/messages';
import { valueSubject } from '../shared/contracts/topics';
import { hashToken } from '../shared/db/token-hash';
import { waitFor } from '../../test/helpers/wait-for';
import { loadFeedbackConfig } from './config';
import { wireFeedback } from './feedback-stage';

// The feedback stage against the real broker, registry and PostgreSQL: receipts land once, dead
// tokens are deactivated, garbage is dead-lettered with its bytes and recorded, and the stage goes on.
describe('feedback stage', () => {
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  const env = { ...process.env, HERALD_TOPIC_PREFIX: prefix, OPS_PORT: '0', LOG_LEVEL: 'warn' as const };
  let kit: StageKit;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
    const config = loadFeedbackConfig(env);
    kit = await createStageKit({ stage: 'feedback', config: config.base, database: true });
    wireFeedback(kit, config);
    await kit.start();
  });

  afterAll(async () => {
    await kit.stop();
    await db.end();
  });

  async function seedDevice(userId: string): Promise<string> {
    const token = `tok-${randomUUID()}`;
    const res = await db.query<{ id: string }>(
      `INSERT INTO devices (user_id, platform, provider, token, token_hash, last_seen_at)
       VALUES ($1, 'android', 'fcm', $2, $3, now() - interval '1 hour') RETURNING id`,
      [userId, token, hashToken(token)],
    );
    return res.rows[0]!.id;
  }

  const receipt = (over: Partial<Receipt> & Pick<Receipt, 'status' | 'device_id' | 'event_id'>): Receipt => {
    const deliveryId = randomUUID();
    return {
      receipt_id: receiptIdFor(deliveryId, 1, over.status),
      delivery_id: deliveryId,
      broadcast_id: null,
      user_id: 'u',
      app: 'default',
      provider: 'FCM',
      reason: null,
      provider_message_id: null,
      http_status: null,
      attempt: 1,
      event_at: Date.now() - 1000,
      occurred_at: Date.now(),
      ...over,
    };
  };

  it('records receipts once, deactivates dead tokens, touches used ones, and dead-letters garbage', async () => {
    const userId = `user-${randomUUID()}`;
    const eventId = `evt-${randomUUID()}`;
    const live = await seedDevice(userId);
    const dead = await seedDevice(userId);
    const accepted = receipt({ status: 'ACCEPTED', device_id: live, event_id: eventId, user_id: userId, provider_message_id: 'm1' });
    const tokenDead = receipt({ status: 'TOKEN_DEAD', device_id: dead, event_id: eventId, user_id: userId, reason: 'UNREGISTERED', http_status: 404 });
    const subject = valueSubject(kit.topics.receipts);
    const encode = (r: Receipt): Promise<Buffer> => kit.codec.encode(subject, r);
    const garbage = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x01]);
    await kit.producer.send(kit.topics.receipts, [
      { key: live, value: await encode(accepted) },
      { key: live, value: await encode(accepted) }, // redelivered
      { key: 'garbage', value: garbage },
      { key: dead, value: await encode(tokenDead) },
    ]);

    await waitFor(
      async () => {
        const rows = await db.query('SELECT status FROM receipts WHERE event_id = $1 ORDER BY status', [eventId]);
        return rows.rows.length === 2 ? rows.rows : undefined;
      },
      { timeoutMs: 30_000, description: 'both receipts recorded' },
    );
    const receipts = await db.query('SELECT status, provider, device_id FROM receipts WHERE event_id = $1 ORDER BY status', [eventId]);
    expect(receipts.rows).toEqual([
      { status: 'accepted', provider: 'fcm', device_id: live },
      { status: 'token_dead', provider: 'fcm', device_id: dead },
    ]);

    const devices = await db.query<{ id: string; active: boolean; deactivation_reason: string | null; last_used_at: Date | null }>(
      'SELECT id, active, deactivation_reason, last_used_at FROM devices WHERE user_id = $1',
      [userId],
    );
    const byId = new Map(devices.rows.map((r) => [r.id, r]));
    expect(byId.get(dead)).toMatchObject({ active: false, deactivation_reason: 'token_dead: UNREGISTERED' });
    expect(byId.get(live)).toMatchObject({ active: true });
    expect(byId.get(live)?.last_used_at).toEqual(new Date(accepted.occurred_at));

    const letter = await waitFor(
      async () => {
        const rows = await db.query<{ stage: string; reason_code: string; value: Buffer }>('SELECT stage, reason_code, value FROM dead_letters WHERE source_topic = $1', [kit.topics.receipts]);
        return rows.rows[0];
      },
      { timeoutMs: 30_000, description: 'garbage receipt recorded as a dead letter' },
    );
    expect(letter).toEqual({ stage: 'feedback', reason_code: 'DECODE_FAILED', value: garbage });
  });

  it('does not deactivate a device that re-registered after the provider reported it dead', async () => {
    const userId = `user-${randomUUID()}`;
    const eventId = `evt-${randomUUID()}`;
    const device = await seedDevice(userId);
    await db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [device]);
    const stale = receipt({ status: 'TOKEN_DEAD', device_id: device, event_id: eventId, user_id: userId, occurred_at: Date.now() - 60_000 });
    await kit.producer.send(kit.topics.receipts, [{ key: device, value: await kit.codec.encode(valueSubject(kit.topics.receipts), stale) }]);
    await waitFor(async () => ((await db.query('SELECT 1 FROM receipts WHERE event_id = $1', [eventId])).rowCount ?? 0) > 0, {
      timeoutMs: 30_000,
      description: 'receipt recorded',
    });
    const row = await db.query('SELECT active FROM devices WHERE id = $1', [device]);
    expect(row.rows[0]).toEqual({ active: true });
  });
});
