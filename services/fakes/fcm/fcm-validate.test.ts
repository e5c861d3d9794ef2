import { fcmErrorBody } from './fcm-errors';
import { validateFcmRequest } from './fcm-validate';

const TOKEN = 'dGVzdC10b2tlbi0x:APA91bHun4MxP5egoKMwt2KZFBaFUH';
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const errorOf = (value: unknown) => {
  const result = validateFcmRequest(body(value));
  if (result.ok) throw new Error('expected an error');
  return fcmErrorBody(result.error).error;
};

describe('validateFcmRequest', () => {
  it('accepts a token message and reports target and validate_only', () => {
    const result = validateFcmRequest(body({ message: { token: TOKEN, data: { a: '1' } }, validate_only: true }));
    expect(result).toMatchObject({ ok: true, target: { kind: 'token', value: TOKEN }, validateOnly: true });
  });

  it('accepts the mix of snake_case and camelCase that firebase-admin sends, and normalises it', () => {
    const result = validateFcmRequest(
      body({
        message: {
          token: TOKEN,
          android: { collapse_key: 'c', priority: 'high', ttl: '3.500000000s', restricted_package_name: 'a.b', direct_boot_ok: true, notification: { click_action: 'x', notification_priority: 'priority_high' } },
          fcmOptions: { analytics_label: 'lbl' },
          apns: { headers: { 'apns-priority': '10' }, payload: { aps: { alert: { title: 't' } }, custom_key: 1 } },
        },
        validateOnly: false,
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.message).toEqual({
      token: TOKEN,
      android: { collapseKey: 'c', priority: 'HIGH', ttl: '3.500000000s', restrictedPackageName: 'a.b', directBootOk: true, notification: { clickAction: 'x', notificationPriority: 'PRIORITY_HIGH' } },
      fcmOptions: { analyticsLabel: 'lbl' },
      apns: { headers: { 'apns-priority': '10' }, payload: { aps: { alert: { title: 't' } }, custom_key: 1 } },
    });
  });

  it.each([
    [{ topic: 'news' }, 'topic'],
    [{ condition: "'a' in topics && 'b' in topics" }, 'condition'],
    [{ fid: 'cFid-123' }, 'fid'],
  ])('accepts the target %j', (message, kind) => {
    expect(validateFcmRequest(body({ message }))).toMatchObject({ ok: true, target: { kind } });
  });

  it('answers a non-string data value with google.rpc.BadRequest and no FcmError', () => {
    expect(errorOf({ message: { token: TOKEN, data: { a: '1', b: 2 } } })).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: "Invalid value at 'message.data[1].value' (TYPE_STRING), 2",
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'message.data[1].value', description: "Invalid value at 'message.data[1].value' (TYPE_STRING), 2" }],
        },
      ],
    });
  });

  it('rejects unknown fields as the proto-JSON parser does', () => {
    expect(errorOf({ message: { token: TOKEN, android: { colapse_key: 'x' } } }).message).toBe(
      'Invalid JSON payload received. Unknown name "colapse_key" at \'message.android\': Cannot find field.',
    );
    expect(errorOf({ message: { token: TOKEN }, dry_run: true }).message).toBe('Invalid JSON payload received. Unknown name "dry_run": Cannot find field.');
  });

  it('rejects two targets as a oneof violation', () => {
    expect(errorOf({ message: { token: TOKEN, topic: 'news' } })).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('needs exactly one target', () => {
    expect(errorOf({ message: { data: { a: '1' } } })).toMatchObject({
      code: 400,
      message: 'Recipient of the message is not set.',
      details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' }, expect.anything()],
    });
  });

  it('rejects a malformed registration token with FcmError INVALID_ARGUMENT', () => {
    expect(errorOf({ message: { token: 'bad token!' } })).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'The registration token is not a valid FCM registration token',
      details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' }],
    });
  });

  it.each(['from', 'message_type', 'google.c.a.e', 'gcm.notification.x'])('rejects the reserved data key %s', (key) => {
    expect(errorOf({ message: { token: TOKEN, data: { [key]: 'v' } } }).details).toContainEqual({
      '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
      errorCode: 'INVALID_ARGUMENT',
    });
  });

  it('limits the payload to 4096 bytes, and 2048 for topics', () => {
    const data = (bytes: number) => ({ k: 'x'.repeat(bytes - 1) });
    expect(validateFcmRequest(body({ message: { token: TOKEN, data: data(4096) } })).ok).toBe(true);
    expect(errorOf({ message: { token: TOKEN, data: data(4097) } }).message).toBe('Message is too big');
    expect(validateFcmRequest(body({ message: { topic: 'news', data: data(2048) } })).ok).toBe(true);
    expect(errorOf({ message: { topic: 'news', data: data(2049) } }).message).toBe('Message is too big');
  });

  it('checks Duration strings and the TTL range', () => {
    expect(errorOf({ message: { token: TOKEN, android: { ttl: 3600 } } }).message).toBe(
      "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), 3600",
    );
    expect(errorOf({ message: { token: TOKEN, android: { ttl: '2419201s' } } }).details?.[0]).toEqual({
      '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
      errorCode: 'INVALID_ARGUMENT',
    });
  });

  it('checks enums, booleans and the web push link', () => {
    expect(errorOf({ message: { token: TOKEN, android: { priority: 'urgent' } } }).message).toContain('AndroidMessagePriority');
    expect(errorOf({ message: { token: TOKEN }, validate_only: 'yes' }).message).toBe("Invalid value at 'validate_only' (TYPE_BOOL), \"yes\"");
    expect(errorOf({ message: { token: TOKEN, webpush: { fcm_options: { link: 'http://x' } } } }).message).toBe('The link must be a HTTPS URL.');
  });

  it('answers a body that is not JSON with BadRequest', () => {
    const result = validateFcmRequest(Buffer.from('{nope'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(result.error.errorCode).toBeUndefined();
  });
});
