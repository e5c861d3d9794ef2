import { BehaviourBook } from '../shared/behaviour-book';
import { InspectionStore } from '../shared/inspection-store';
import { fakeRequest } from '../test-support/fake-request';
import { createFcmHandler } from './fcm-handler';

const nowMs = 1_800_000_000_000;
function setup() {
  const behaviour = new BehaviourBook(() => nowMs, () => 0.5);
  const store = new InspectionStore();
  const handler = createFcmHandler({ auth: { acceptedTokens: ['good'] }, behaviour, store, clock: () => nowMs, newMessageId: () => '0:1%abc' });
  return { behaviour, store, handler };
}
const send = (body: unknown, path = '/v1/projects/p1/messages:send') => fakeRequest(undefined, { path, headers: { authorization: 'Bearer good' }, body: body as object });
const TOKEN = 'token-123456:APA91b';

describe('FCM handler', () => {
  it('answers {name} and records the message per token', async () => {
    const { handler, store } = setup();
    const response = await handler(send({ message: { token: TOKEN, data: { a: 'b' } } }));
    expect(response.status).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ name: 'projects/p1/messages/0:1%abc' });
    expect(store.received('fcm', TOKEN)).toEqual([expect.objectContaining({ status: 200, messageId: 'projects/p1/messages/0:1%abc', payload: { token: TOKEN, data: { a: 'b' } } })]);
  });

  it('accepts the path with an encoded colon and answers other paths with 404', async () => {
    const { handler } = setup();
    expect((await handler(send({ message: { token: TOKEN } }, '/v1/projects/p1/messages%3Asend'))).status).toBe(200);
    expect((await handler(send({}, '/v1/projects/p1/messages'))).status).toBe(404);
  });

  it('checks the target even for validate_only (a dead token is still 404)', async () => {
    const { handler, behaviour } = setup();
    behaviour.setTokenState('fcm', TOKEN, 'unregistered');
    expect((await handler(send({ message: { token: TOKEN }, validate_only: true }))).status).toBe(404);
    expect(JSON.parse(String((await handler(send({ message: { token: 'other-123456' }, validate_only: true }))).body))).toEqual({ name: 'projects/p1/messages/fake_message_id' });
  });

  it('answers the quota bucket with 429 QUOTA_EXCEEDED and Retry-After; 429s cost no quota', async () => {
    const { handler, behaviour } = setup();
    behaviour.setQuota('fcm', 'p1', { limit: 1, windowMs: 60_000 });
    expect((await handler(send({ message: { token: TOKEN } }))).status).toBe(200);
    const refused = await handler(send({ message: { token: TOKEN } }));
    expect(refused.status).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('60');
    expect(JSON.parse(String(refused.body)).error.details).toEqual([{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'QUOTA_EXCEEDED' }]);
  });
});
