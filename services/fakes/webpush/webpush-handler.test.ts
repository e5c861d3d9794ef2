import * as webpush from 'web-push';
import { BehaviourBook } from '../shared/behaviour-book';
import { InspectionStore } from '../shared/inspection-store';
import { fakeRequest } from '../test-support/fake-request';
import { createWebPushHandler } from './webpush-handler';
import { newStoredSubscription, SubscriptionRegistry, subscriptionJson } from './webpush-subscriptions';

const ORIGIN = 'https://127.0.0.1:4445';
const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@example.com' };

function setup(requireVapid = true) {
  const subscriptions = new SubscriptionRegistry();
  const stored = newStoredSubscription();
  subscriptions.add(stored);
  const behaviour = new BehaviourBook(Date.now, () => 0.5);
  const store = new InspectionStore();
  const handler = createWebPushHandler({ requireVapid, origin: () => ORIGIN, subscriptions, behaviour, store, clock: Date.now });
  const subscription = subscriptionJson(stored, ORIGIN);
  const push = (payload: string, options: webpush.RequestOptions = {}) => {
    const details = webpush.generateRequestDetails(subscription, payload, { vapidDetails: vapid, ...options });
    const headers = Object.fromEntries(Object.entries(details.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return fakeRequest(undefined, { path: new URL(subscription.endpoint).pathname, headers, body: Buffer.from(details.body ?? '') });
  };
  return { handler, behaviour, store, stored, push };
}

describe('Web Push handler', () => {
  it('decrypts, records the plaintext and answers 201 with Location and TTL', async () => {
    const { handler, store, stored, push } = setup();
    const response = await handler(push('hello', { TTL: 30 }));
    expect(response.status).toBe(201);
    expect(response.headers?.location).toMatch(/^https:\/\/127\.0\.0\.1:4445\/m\//);
    expect(response.headers?.ttl).toBe('30');
    expect(store.received('webpush', stored.id)[0]?.payload).toBe('hello');
  });

  it('answers unknown subscriptions 404, other methods 405, and scripted states 410/404', async () => {
    const { handler, behaviour, stored, push } = setup();
    expect((await handler({ ...push('x'), path: '/push/unknown' })).status).toBe(404);
    expect((await handler({ ...push('x'), method: 'GET' })).status).toBe(405);
    behaviour.setTokenState('webpush', stored.id, 'gone');
    const gone = await handler(push('x'));
    expect([gone.status, gone.headers?.['cache-control']]).toEqual([410, 'max-age=86400']);
    behaviour.setTokenState('webpush', stored.id, 'not-found');
    expect((await handler(push('x'))).status).toBe(404);
  });

  it('accepts pushes without VAPID when it is not required', async () => {
    const { handler, push } = setup(false);
    const request = push('x');
    const { authorization: _dropped, ...headers } = request.headers;
    expect((await handler({ ...request, headers })).status).toBe(201);
  });
});
