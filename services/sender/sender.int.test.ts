import { randomBytes, randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { startFakeGateways, type FakeGateways } from '../fakes';
import { createStageKit, type StageKit } from '../shared/bootstrap/stage-kit';
import type { DeadLetter, Delivery, Receipt } from '../shared/contracts/messages';
import { deliveryTopicKey, retryTopicKey, valueSubject, type DeliveryLane } from '../shared/contracts/topics';
import { waitFor } from '../../test/helpers/wait-for';
import { randomGroupId } from '../../test/helpers/kafka';
import { loadSenderConfig } from './config';
import { NOT_BEFORE_HEADER } from './not-before-header';
import { wireSender, type SenderWiring } from './sender-stage';
import { aDelivery } from './test-support/deliveries';

// The sender as a process would run it (stage kit, all three providers) against the real broker and
// registry and the fake gateways: deliveries in, receipts out, retries through the retry topic.

interface Collected<T> {
  readonly value: T;
  readonly headers: Record<string, string>;
}

describe('sender stage with Kafka', () => {
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  let fakes: FakeGateways;
  let kit: StageKit;
  let sender: SenderWiring;
  const consumers: Consumer[] = [];
  const receipts: Receipt[] = [];
  const retries: Collected<Delivery>[] = [];
  const deadLetters: DeadLetter[] = [];

  async function collect<T>(topic: string, into: Array<T>, map: (value: unknown, headers: Record<string, string>) => T): Promise<void> {
    const consumer = kit.kafka.consumer({ groupId: randomGroupId('collector'), maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        into.push(map(await kit.codec.decode(message.value), headers));
      },
    });
  }

  beforeAll(async () => {
    fakes = await startFakeGateways();
    const credentials = fakes.credentials!;
    const config = loadSenderConfig({
      ...process.env,
      HERALD_TOPIC_PREFIX: prefix,
      OPS_PORT: '0',
      LOG_LEVEL: 'warn',
      SENDER_PROVIDER: 'all',
      SENDER_GROUP_PREFIX: `sender-${randomUUID().slice(0, 8)}`,
      SENDER_MAX_ATTEMPTS: '3',
      SENDER_BACKOFF_BASE_MS: '200',
      SENDER_BACKOFF_MAX_MS: '400',
      SENDER_PARTITIONS_CONCURRENTLY: '12',
      SENDER_CA_FILE: fakes.caCertPath,
      FCM_BASE_URL: fakes.fcmUrl,
      FCM_PROJECT_ID: credentials.fcm.projectId,
      FCM_ACCESS_TOKEN: credentials.fcm.accessToken,
      APNS_PRODUCTION_URL: fakes.apnsUrl,
      APNS_SANDBOX_URL: fakes.apnsUrl,
      APNS_KEY_FILE: credentials.apns.keyPath,
      APNS_KEY_ID: credentials.apns.keyId,
      APNS_TEAM_ID: credentials.apns.teamId,
      APNS_TOPIC: credentials.apns.topic,
      VAPID_PUBLIC_KEY: credentials.vapid.publicKey,
      VAPID_PRIVATE_KEY: credentials.vapid.privateKey,
      VAPID_SUBJECT: credentials.vapid.subject,
    });
    kit = await createStageKit({ stage: 'sender', config: config.base, urgentProducer: true });
    sender = wireSender(kit, config);
    await kit.start();
    await collect(kit.topics.receipts, receipts, (value) => value as Receipt);
    await collect(kit.topics['retry.fcm'], retries, (value, headers) => ({ value: value as Delivery, headers }));
    await collect(kit.topics.deadletters, deadLetters, (value) => value as DeadLetter);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await kit?.stop();
    await fakes?.close();
  });

  async function produce(delivery: Delivery, lane: DeliveryLane): Promise<void> {
    const topic = kit.topics[deliveryTopicKey(delivery.provider, lane)];
    await kit.producer.send(topic, [{ key: delivery.device_id, value: await kit.codec.encode(valueSubject(topic), delivery) }]);
  }

  const receiptsOf = (delivery: Delivery): Receipt[] => receipts.filter((r) => r.delivery_id === delivery.delivery_id);

  async function webPushDelivery(): Promise<Delivery> {
    const subscription = await fakes.createWebPushSubscription();
    return aDelivery({ provider: 'WEBPUSH', token: subscription.endpoint, webpush_keys: subscription.keys, payload: '{"title":"Hi"}' });
  }

  it('sends deliveries from both lanes of every provider and publishes one receipt each', async () => {
    const fcm = aDelivery({ provider: 'FCM', token: `fcm-${randomUUID()}`, payload: '{"notification":{"title":"Hi"}}' });
    const apns = aDelivery({ provider: 'APNS', token: randomBytes(32).toString('hex'), payload: '{"aps":{"alert":"Hi"}}', priority: 'LOW' });
    const webpush = await webPushDelivery();
    await produce(fcm, 'priority');
    await produce(apns, 'bulk');
    await produce(webpush, 'priority');

    await waitFor(() => [fcm, apns, webpush].every((d) => receiptsOf(d).length > 0), { description: 'a receipt per delivery' });
    for (const delivery of [fcm, apns, webpush]) {
      expect(receiptsOf(delivery)).toEqual([
        expect.objectContaining({ status: 'ACCEPTED', attempt: 1, provider: delivery.provider, device_id: delivery.device_id }),
      ]);
    }
    expect((await fakes.received('webpush', webpush.token))[0]?.payload).toBe('{"title":"Hi"}');
  });

  it('retries a 5xx through the retry topic (attempt 2, not_before header) and delivers it', async () => {
    const delivery = aDelivery({ provider: 'FCM', token: `fcm-${randomUUID()}`, payload: '{"data":{"k":"v"}}' });
    await fakes.setErrorRate('fcm', { rate: 1, status: 503, retryAfterSeconds: 1 });
    await produce(delivery, 'priority');
    await waitFor(() => receiptsOf(delivery).some((r) => r.status === 'RETRY_SCHEDULED'), { description: 'RETRY_SCHEDULED' });
    await fakes.setErrorRate('fcm', { rate: 0 });

    await waitFor(() => receiptsOf(delivery).some((r) => r.status === 'ACCEPTED'), { description: 'the retry to be accepted' });
    const retried = retries.find((r) => r.value.delivery_id === delivery.delivery_id)!;
    expect(retried.value).toMatchObject({ attempt: 2 });
    expect(Number(retried.headers[NOT_BEFORE_HEADER])).toBe(retried.value.not_before);
    const [scheduled, accepted] = receiptsOf(delivery);
    expect(scheduled).toMatchObject({ status: 'RETRY_SCHEDULED', attempt: 1, http_status: 503 });
    expect(accepted).toMatchObject({ status: 'ACCEPTED', attempt: 2 });
    // Retry-After: 1 s, so the second request came at least a second after the first.
    const requests = await fakes.received('fcm', delivery.token);
    expect(requests.map((r) => r.status)).toEqual([503, 200]);
    expect(requests[1]!.atMs - requests[0]!.atMs).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up after the last attempt: FAILED receipt and a dead letter with the original delivery', async () => {
    const delivery = aDelivery({ provider: 'APNS', token: randomBytes(32).toString('hex'), payload: '{"aps":{"alert":"Hi"}}' });
    await fakes.setErrorRate('apns', { rate: 1, status: 500, retryAfterSeconds: 0 });
    try {
      await produce(delivery, 'priority');
      await waitFor(() => receiptsOf(delivery).some((r) => r.status === 'FAILED'), { description: 'FAILED' });
    } finally {
      await fakes.setErrorRate('apns', { rate: 0 });
    }
    expect(receiptsOf(delivery).map((r) => [r.status, r.attempt])).toEqual([
      ['RETRY_SCHEDULED', 1],
      ['RETRY_SCHEDULED', 2],
      ['FAILED', 3],
    ]);
    const letter = await waitFor(() => deadLetters.find((l) => l.source_topic === kit.topics[retryTopicKey('APNS')] && l.reason_code === 'RETRIES_EXHAUSTED'), {
      description: 'the dead letter',
    });
    const original = (await kit.codec.decode(letter.value)) as Delivery;
    expect(original).toMatchObject({ delivery_id: delivery.delivery_id, attempt: 3 });
  });

  it('drops an expired delivery with an EXPIRED receipt and no request', async () => {
    const delivery = aDelivery({ provider: 'FCM', token: `fcm-${randomUUID()}`, created_at: Date.now() - 10_000, expires_at: Date.now() - 1 });
    await produce(delivery, 'bulk');
    await waitFor(() => receiptsOf(delivery).length > 0, { description: 'EXPIRED' });
    expect(receiptsOf(delivery)).toEqual([expect.objectContaining({ status: 'EXPIRED', attempt: 1, http_status: null })]);
    expect(await fakes.received('fcm', delivery.token)).toEqual([]);
  });

  it('on stop, waits for requests in flight and publishes their receipts before closing', async () => {
    const delivery = await webPushDelivery();
    await fakes.setLatency('webpush', { kind: 'fixed', ms: 1_500 });
    await produce(delivery, 'priority');
    await waitFor(() => sender.clients.get('WEBPUSH')!.inFlight() > 0, { description: 'the request to be in flight' });
    await kit.stop();
    await waitFor(() => receiptsOf(delivery).length > 0, { description: 'the drained receipt' });
    expect(receiptsOf(delivery)).toEqual([expect.objectContaining({ status: 'ACCEPTED' })]);
  });
});
