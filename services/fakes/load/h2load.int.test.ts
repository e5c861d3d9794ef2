import { startFakeGateways, type FakeGateways } from '../index';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from '../test-support/test-dirs';
import { runH2load } from './h2load-run';
import { apnsLoadRequest, fcmLoadRequest, webpushLoadRequest, type LoadRequest } from './load-requests';

let fakes: FakeGateways;

beforeAll(async () => {
  fakes = await startFakeGateways({ tlsDir: TEST_TLS_DIR, devCredentialsDir: TEST_CREDENTIALS_DIR, capture: false });
});
afterAll(async () => {
  await fakes.close();
});

describe('h2load against each fake over h2', () => {
  // APNs allows one stream per connection until the first authenticated push succeeds; h2load opens
  // its streams at once and does not retry refused ones, so it gets one stream per connection here.
  it.each<[string, () => Promise<LoadRequest> | LoadRequest, 'fcm' | 'apns' | 'webpush', number]>([
    ['FCM', () => fcmLoadRequest(fakes, fakes.credentials!), 'fcm', 20],
    ['APNs', () => apnsLoadRequest(fakes, fakes.credentials!), 'apns', 1],
    ['Web Push', () => webpushLoadRequest(fakes, fakes.credentials!, fakes), 'webpush', 20],
  ])('%s completes every request with 2xx', async (_name, build, provider, streams) => {
    const before = (await fakes.counters())[provider].accepted;
    const result = await runH2load(await build(), { requests: 400, clients: 2, streams });
    expect(result.output).toContain('Application protocol: h2');
    expect(result).toMatchObject({ total: 400, succeeded: 400, failed: 0, errored: 0, status2xx: 400 });
    expect((await fakes.counters())[provider].accepted - before).toBe(400);
  });
});
