import { createLocalExecutor } from './control-executor';
import { BehaviourBook } from './shared/behaviour-book';
import { createControlFacade } from './shared/control-facade';
import { InspectionStore } from './shared/inspection-store';
import { SubscriptionRegistry } from './webpush/webpush-subscriptions';

function setup() {
  const behaviour = new BehaviourBook(() => 1000, () => 0.5);
  const store = new InspectionStore();
  const subscriptions = new SubscriptionRegistry();
  const goaways: string[] = [];
  const control = createControlFacade(createLocalExecutor({ behaviour, store, subscriptions, webpushBaseUrl: () => 'https://127.0.0.1:9', goaway: (p, r) => void goaways.push(`${p}:${r}`) }));
  return { behaviour, store, subscriptions, control, goaways };
}

describe('local control executor', () => {
  it('marks tokens dead per provider, taking Web Push endpoints or ids', async () => {
    const { control, behaviour } = setup();
    await control.markDead('fcm', 'a');
    await control.markDead('webpush', 'https://127.0.0.1:9/push/sub1');
    expect(behaviour.tokenState('fcm', 'a')?.state).toBe('unregistered');
    expect(behaviour.tokenState('webpush', 'sub1')?.state).toBe('gone');
    await control.setTokenState('fcm', 'a', null);
    expect(behaviour.tokenState('fcm', 'a')).toBeUndefined();
  });

  it('creates subscriptions it can decrypt for, with browser-like keys', async () => {
    const { control, subscriptions } = setup();
    const subscription = await control.createWebPushSubscription();
    expect(subscription.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:9\/push\/[A-Za-z0-9_-]+$/);
    expect(Buffer.from(subscription.keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(subscription.keys.auth, 'base64url')).toHaveLength(16);
    expect(subscriptions.get(subscription.endpoint.split('/').pop()!)).toBeDefined();
  });

  it('rejects commands that do not fit the schema', async () => {
    const { control } = setup();
    await expect(control.setTokenState('apns', 't', 'gone')).rejects.toThrow(/token state/);
    await expect(control.setErrorRate('fcm', { rate: 2 })).rejects.toThrow();
  });

  it('forwards GOAWAY requests and resets scripts and counters', async () => {
    const { control, store, behaviour, goaways } = setup();
    await control.goaway('apns');
    expect(goaways).toEqual(['apns:Shutdown']);
    store.record('fcm', 200, undefined, () => ({ provider: 'fcm', token: 't', atMs: 1, status: 200, headers: {}, payload: null }));
    await control.markDead('fcm', 't');
    await control.reset();
    expect((await control.counters()).fcm.requests).toBe(0);
    expect(behaviour.tokenState('fcm', 't')).toBeUndefined();
  });
});
