import { Writable } from 'node:stream';
import { createLogger, maskToken } from './logger';

const FCM_TOKEN =
  'fX2kTq9sR0y8vW3nLm4pQ7:APA91bHx3JkLmN0pQrStUvWxYz1234567890abcdefGHIJKLMNOPqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV';
const APNS_TOKEN = 'a3f1c9e2b7d4058f6e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
const SECRET = 'hunter2-super-secret-value';

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    stream,
    raw: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('maskToken', () => {
  it('keeps the first 6 and last 4 characters and the length', () => {
    expect(maskToken(APNS_TOKEN)).toBe(`a3f1c9…6f70 (len=64)`);
  });

  it('shows nothing of a short value but its length', () => {
    expect(maskToken('abc123')).toBe('… (len=6)');
  });
});

describe('createLogger redaction', () => {
  it('writes JSON with name, level label and message', () => {
    const out = capture();
    createLogger('sender', 'info', out.stream).info({ deliveryId: 'd-1' }, 'sent');
    expect(out.lines()[0]).toMatchObject({ name: 'sender', level: 'info', msg: 'sent', deliveryId: 'd-1' });
  });

  it('never prints secrets under sensitive keys, at any depth', () => {
    const out = capture();
    const logger = createLogger('t', 'info', out.stream);
    logger.info(
      {
        password: SECRET,
        headers: { Authorization: `Bearer ${SECRET}`, 'x-api-key': SECRET },
        credentials: { private_key: SECRET, client_secret: SECRET },
        subscription: { keys: { p256dh: SECRET, auth: SECRET } },
      },
      'configured',
    );
    expect(out.raw()).not.toContain(SECRET);
    const line = out.lines()[0]!;
    expect(line.password).toBe('[REDACTED]');
    expect((line.subscription as { keys: Record<string, unknown> }).keys).toEqual({
      p256dh: '[REDACTED]',
      auth: '[REDACTED]',
    });
  });

  it('masks token fields but keeps them recognisable', () => {
    const out = capture();
    createLogger('t', 'info', out.stream).info({ token: APNS_TOKEN, deviceTokens: [FCM_TOKEN] }, 'dispatch');
    expect(out.raw()).not.toContain(APNS_TOKEN);
    expect(out.raw()).not.toContain(FCM_TOKEN);
    expect(out.lines()[0]).toMatchObject({ token: maskToken(APNS_TOKEN), deviceTokens: [maskToken(FCM_TOKEN)] });
  });

  it('masks token-looking strings in values, messages, interpolation and bindings', () => {
    const out = capture();
    const logger = createLogger('t', 'info', out.stream).child({ endpoint: `https://push.example/wpush/${FCM_TOKEN}` });
    logger.info({ note: `device ${APNS_TOKEN} replied` }, 'retrying %s for %s', APNS_TOKEN, FCM_TOKEN);
    const raw = out.raw();
    expect(raw).not.toContain(APNS_TOKEN);
    expect(raw).not.toContain(FCM_TOKEN);
    expect(raw).toContain(maskToken(APNS_TOKEN));
  });

  it('masks tokens in errors logged directly or under err', () => {
    const out = capture();
    const logger = createLogger('t', 'info', out.stream);
    logger.error(new Error(`provider rejected ${APNS_TOKEN}`));
    logger.error({ err: new Error(`bad token ${FCM_TOKEN}`, { cause: new Error(APNS_TOKEN) }) }, 'failed');
    const raw = out.raw();
    expect(raw).not.toContain(APNS_TOKEN);
    expect(raw).not.toContain(FCM_TOKEN);
    const [first, second] = out.lines();
    expect(first!.msg).toBe(`provider rejected ${maskToken(APNS_TOKEN)}`);
    expect((first!.err as { message: string }).message).toBe(`provider rejected ${maskToken(APNS_TOKEN)}`);
    expect(second!.msg).toBe('failed');
  });

  it('masks long hyphenated tokens (base64url) too', () => {
    const out = capture();
    const webPushToken = `gAAAAABh-${'x1_Y-'.repeat(20)}end`;
    createLogger('t', 'info', out.stream).info(`endpoint https://updates.push.example/wpush/v2/${webPushToken}`);
    expect(out.raw()).not.toContain(webPushToken);
    expect(out.lines()[0]!.msg).toContain(maskToken(webPushToken));
  });

  it('leaves ordinary identifiers readable', () => {
    const out = capture();
    const uuid = '550e8400-e29b-41d4-a716-446655440000';
    const groupId = 'herald-registry-550e8400-e29b-41d4-a716-446655440000';
    createLogger('t', 'info', out.stream).info({ eventId: uuid, groupId, topic: 'herald.delivery.fcm.priority' }, 'ok');
    expect(out.lines()[0]).toMatchObject({ eventId: uuid, groupId, topic: 'herald.delivery.fcm.priority' });
  });

  it('survives circular objects', () => {
    const out = capture();
    const looped: Record<string, unknown> = { a: 1 };
    looped.self = looped;
    createLogger('t', 'info', out.stream).info({ looped }, 'loop');
    expect(out.lines()[0]).toMatchObject({ looped: { a: 1, self: '[Circular]' } });
  });
});

describe('child loggers', () => {
  it('redact secret keys and mask tokens in their bindings', () => {
    const out = capture();
    const child = createLogger('t', 'info', out.stream).child({ apiKey: SECRET, deviceToken: APNS_TOKEN });
    child.child({ password: SECRET }).info('hello');
    expect(out.raw()).not.toContain(SECRET);
    expect(out.raw()).not.toContain(APNS_TOKEN);
    expect(out.lines()[0]).toMatchObject({ apiKey: '[REDACTED]', password: '[REDACTED]', msg: 'hello' });
  });
});
