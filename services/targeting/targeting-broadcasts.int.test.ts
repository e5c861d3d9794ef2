import type { BroadcastTrigger } from '../shared/contracts/messages';
import { waitFor } from '../../test/helpers/wait-for';
import { createHarness, random, type Collected, type Harness } from './test-support/int-harness';
import { seedAudience, seedDevice, seedPreferences } from './test-support/seed';

// Broadcast workers claim any runnable broadcast of their database, so this file has a database of its own.
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ ownDatabase: true });
}, 120_000);

afterEach(async () => {
  await h?.stopTargeting();
});

afterAll(async () => {
  await h?.close();
});

const trigger = (app: string, over: Partial<BroadcastTrigger> = {}): BroadcastTrigger => ({
  broadcast_id: random('broadcast'),
  app,
  segment: { apps: [], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: null },
  content: null,
  template: { id: 'welcome-broadcast', params: {}, locale: null },
  category: 'marketing',
  priority: 'LOW',
  ttl_seconds: 3600,
  throttle_per_second: null,
  created_at: Date.now(),
  ...over,
});

interface BroadcastRow {
  status: string;
  targeted: string;
  emitted: string;
  suppressed: string;
  suppressed_by_reason: Record<string, number>;
  lease_owner: string | null;
}

async function broadcastRow(id: string): Promise<BroadcastRow | undefined> {
  const { rows } = await h.pool.query<BroadcastRow>(
    'SELECT status, targeted, emitted, suppressed, suppressed_by_reason, lease_owner FROM broadcasts WHERE id = $1',
    [id],
  );
  return rows[0];
}

const deliveriesOf = (id: string): Collected[] => h.collected.filter((c) => c.topic.includes('.delivery.') && c.value.broadcast_id === id);

describe('targeting: broadcasts', () => {
  it('emits exactly one delivery per targeted device on the bulk lanes, and the progress counts match', async () => {
    const app = random('app');
    const users = random('user');
    await seedAudience(h.pool, app, users, 3000, 1000);
    // 100 users opted out of marketing: their 300 devices are suppressed, each with a receipt.
    for (let i = 0; i < 100; i += 1) await seedPreferences(h.pool, `${users}-${i}`, { categoryOptOuts: ['marketing'] });
    await h.startTargeting({ TARGETING_BROADCAST_PAGE_SIZE: '500' });
    const t = trigger(app);
    await h.produce(h.topics['broadcasts.triggers'], t.broadcast_id, t);

    const row = await waitFor(async () => (await broadcastRow(t.broadcast_id))?.status === 'completed' && broadcastRow(t.broadcast_id), {
      description: 'the broadcast completed',
      timeoutMs: 60_000,
    });
    expect(row).toMatchObject({ targeted: '3000', emitted: '2700', suppressed: '300', suppressed_by_reason: { CATEGORY_OPTED_OUT: 300 }, lease_owner: null });
    await waitFor(() => deliveriesOf(t.broadcast_id).length >= 2700, { description: '2700 deliveries', timeoutMs: 60_000 });
    const deliveries = deliveriesOf(t.broadcast_id);
    expect(deliveries).toHaveLength(2700);
    expect(new Set(deliveries.map((d) => d.key)).size).toBe(2700);
    expect(new Set(deliveries.map((d) => d.topic))).toEqual(
      new Set([h.topics['delivery.fcm.bulk'], h.topics['delivery.apns.bulk'], h.topics['delivery.webpush.bulk']]),
    );
    const german = deliveries.find((d) => d.topic === h.topics['delivery.fcm.bulk'] && JSON.parse(d.value.payload as string).notification.title === 'Neuigkeiten');
    expect(german).toBeDefined();
    await waitFor(
      () => h.collected.filter((c) => c.topic === h.topics.receipts && c.value.broadcast_id === t.broadcast_id).length >= 300,
      { description: '300 suppression receipts' },
    );
  });

  it('filters the segment by platform, locale (language matches its regions), tags and explicit users', async () => {
    const app = random('app');
    const [beta, plain, listed] = [random('beta'), random('plain'), random('listed')];
    await h.pool.query('INSERT INTO users (user_id, tags) VALUES ($1, $2), ($3, $4)', [beta, ['beta'], plain, ['other']]);
    const betaIosDe = await seedDevice(h.pool, { app, userId: beta, provider: 'apns', locale: 'de-AT' });
    await seedDevice(h.pool, { app, userId: beta, provider: 'apns', locale: 'en-US' });
    await seedDevice(h.pool, { app, userId: beta, provider: 'fcm', locale: 'de' });
    await seedDevice(h.pool, { app, userId: plain, provider: 'apns', locale: 'de' });
    const listedDevice = await seedDevice(h.pool, { app, userId: listed, provider: 'webpush', locale: 'fr' });
    await seedDevice(h.pool, { app, userId: random('someone'), provider: 'webpush', locale: 'fr' });
    await h.startTargeting();
    const tagged = trigger(app, { segment: { apps: [], platforms: ['IOS'], locales: ['de'], tags: ['beta'], last_seen_after: null, user_ids: null } });
    const explicit = trigger(app, { segment: { apps: [app], platforms: [], locales: [], tags: [], last_seen_after: Date.now() - 3_600_000, user_ids: [listed] } });
    await h.produce(h.topics['broadcasts.triggers'], tagged.broadcast_id, tagged);
    await h.produce(h.topics['broadcasts.triggers'], explicit.broadcast_id, explicit);
    for (const id of [tagged.broadcast_id, explicit.broadcast_id]) {
      await waitFor(async () => (await broadcastRow(id))?.status === 'completed', { description: `${id} completed` });
    }
    await waitFor(() => deliveriesOf(tagged.broadcast_id).length >= 1 && deliveriesOf(explicit.broadcast_id).length >= 1, {
      description: 'the segment deliveries',
    });
    expect(deliveriesOf(tagged.broadcast_id).map((d) => d.key)).toEqual([betaIosDe]);
    expect(deliveriesOf(explicit.broadcast_id).map((d) => d.key)).toEqual([listedDevice]);
    expect(await broadcastRow(tagged.broadcast_id)).toMatchObject({ targeted: '1', emitted: '1' });
  });

  it('streams several apps one after the other, across page boundaries', async () => {
    const [appA, appB] = [random('app-a'), random('app-b')].sort();
    const expected: string[] = [];
    for (const app of [appA!, appB!]) {
      for (let i = 0; i < 3; i += 1) expected.push(await seedDevice(h.pool, { app, userId: random('u'), provider: 'fcm' }));
    }
    await h.startTargeting({ TARGETING_BROADCAST_PAGE_SIZE: '2' });
    const t = trigger(appA!, { segment: { apps: [appB!, appA!], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: null } });
    await h.produce(h.topics['broadcasts.triggers'], t.broadcast_id, t);
    await waitFor(async () => (await broadcastRow(t.broadcast_id))?.status === 'completed', { description: 'the two-app broadcast completed' });
    await waitFor(() => deliveriesOf(t.broadcast_id).length >= 6, { description: '6 deliveries' });
    expect(new Set(deliveriesOf(t.broadcast_id).map((d) => d.key))).toEqual(new Set(expected));
    expect(await broadcastRow(t.broadcast_id)).toMatchObject({ targeted: '6', emitted: '6' });
  });

  it('resumes a broadcast from its checkpoint after a worker dies mid-way: every device reached, duplicates bounded by one chunk', async () => {
    const app = random('app');
    await seedAudience(h.pool, app, random('user'), 3000, 3000);
    const settings = {
      TARGETING_BROADCAST_PAGE_SIZE: '200',
      TARGETING_BROADCAST_LEASE_MS: '1500',
    };
    const first = await h.startTargeting({ ...settings, TARGETING_INSTANCE_ID: 'worker-a' });
    // 1000 deliveries/s: chunks of 100 devices, a checkpoint after each.
    const t = trigger(app, { throttle_per_second: 1000 });
    await h.produce(h.topics['broadcasts.triggers'], t.broadcast_id, t);
    await waitFor(async () => Number((await broadcastRow(t.broadcast_id))?.emitted ?? 0) >= 600, {
      description: 'the first worker past 600 devices',
    });
    await first.broadcastWorkers[0]!.abandon();
    await first.stop();
    const atCrash = await broadcastRow(t.broadcast_id);
    expect(atCrash).toMatchObject({ status: 'running', lease_owner: 'worker-a-0' });
    expect(Number(atCrash!.emitted)).toBeLessThan(3000);

    await h.startTargeting({ ...settings, TARGETING_INSTANCE_ID: 'worker-b' });
    const done = await waitFor(async () => (await broadcastRow(t.broadcast_id))?.status === 'completed' && broadcastRow(t.broadcast_id), {
      description: 'the second worker completing the broadcast',
      timeoutMs: 60_000,
    });
    expect(done).toMatchObject({ targeted: '3000', emitted: '3000', suppressed: '0' });
    await waitFor(() => new Set(deliveriesOf(t.broadcast_id).map((d) => d.key)).size === 3000, {
      description: 'a delivery for every one of the 3000 devices',
      timeoutMs: 60_000,
    });
    const duplicates = deliveriesOf(t.broadcast_id).length - 3000;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(100);
  });
});
