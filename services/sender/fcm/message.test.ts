import { aDelivery } from '../test-support/deliveries';
import { fcmRequestBody } from './message';

const NOW = 1_700_000_000_000;

describe('fcmRequestBody', () => {
  it('splices the token into the rendered message without touching it when sent soon after the event', () => {
    const payload = '{"android":{"ttl":"3600s","priority":"HIGH"},"data":{"k":"v"}}';
    const delivery = aDelivery({ token: 'tok"en', payload, created_at: NOW - 1_000, expires_at: NOW + 3_599_000 }, NOW);
    const body = fcmRequestBody(delivery, NOW, 5_000)!;
    expect(JSON.parse(body)).toEqual({ message: { token: 'tok"en', android: { ttl: '3600s', priority: 'HIGH' }, data: { k: 'v' } } });
  });

  it('rewrites the TTLs to the time left when sent late (backlog, retry)', () => {
    const payload = '{"android":{"ttl":"3600s"},"webpush":{"headers":{"TTL":"3600","Urgency":"high"}},"apns":{"payload":{}}}';
    const delivery = aDelivery({ payload, created_at: NOW - 600_000, expires_at: NOW + 3_000_500 }, NOW);
    expect(JSON.parse(fcmRequestBody(delivery, NOW, 5_000)!)).toEqual({
      message: {
        token: delivery.token,
        android: { ttl: '3000s' },
        webpush: { headers: { TTL: '3000', Urgency: 'high' } },
        apns: { payload: {} },
      },
    });
  });

  it('handles an empty message', () => {
    expect(fcmRequestBody(aDelivery({ token: 't', payload: ' {  } ' }, NOW), NOW, 5_000)).toBe('{"message":{"token":"t"}}');
  });

  it('refuses a payload that is not a JSON object', () => {
    expect(fcmRequestBody(aDelivery({ payload: '[1]' }, NOW), NOW, 5_000)).toBeNull();
    expect(fcmRequestBody(aDelivery({ payload: 'nope', created_at: NOW - 60_000 }, NOW), NOW, 5_000)).toBeNull();
  });
});
