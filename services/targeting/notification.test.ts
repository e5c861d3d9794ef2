import type { BroadcastTrigger } from '../shared/contracts/messages';
import { aRequest as request } from './test-support/fixtures';
import { expiresAt, notificationFromBroadcast, notificationFromRequest } from './notification';

describe('notificationFromRequest', () => {
  it('normalises a request (null app is the default app)', () => {
    const n = notificationFromRequest(request());
    expect(n).toMatchObject({ eventId: 'e1', app: 'default', broadcastId: null, ttlSeconds: 60 });
    expect(expiresAt(n)).toBe(61_000);
  });
  it.each([
    ['no users', { user_ids: [] }],
    ['both content and template', { template: { id: 't', params: {}, locale: null } }],
    ['neither content nor template', { content: null }],
    ['a negative ttl', { ttl_seconds: -1 }],
    ['a collapse key over 64 bytes', { collapse_key: 'x'.repeat(65) }],
    ['an empty event id', { event_id: '' }],
  ])('rejects %s as INVALID_MESSAGE', (_name, over) => {
    let thrown: unknown;
    try {
      notificationFromRequest(request(over));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_MESSAGE' });
  });
  it('accepts a silent push with neither content nor template', () => {
    expect(notificationFromRequest(request({ content: null, silent: true })).silent).toBe(true);
  });
});

describe('notificationFromBroadcast', () => {
  it('uses the broadcast id as event id', () => {
    const trigger: BroadcastTrigger = {
      broadcast_id: 'b1',
      app: 'shop',
      segment: { apps: [], platforms: [], locales: [], tags: [], last_seen_after: null, user_ids: null },
      content: null,
      template: { id: 'welcome', params: {}, locale: null },
      category: 'marketing',
      priority: 'LOW',
      ttl_seconds: 3600,
      throttle_per_second: null,
      created_at: 5,
    };
    expect(notificationFromBroadcast(trigger)).toMatchObject({ eventId: 'b1', broadcastId: 'b1', app: 'shop' });
  });
});
