import { validateWebPushHeaders } from './webpush-validate';

const base = { ttl: '60', 'content-encoding': 'aes128gcm' };
const check = (headers: Record<string, string>, bytes = 100, duplicates: string[] = []) => validateWebPushHeaders(headers, duplicates, bytes, false);

describe('validateWebPushHeaders', () => {
  it('reads TTL, Urgency and Topic', () => {
    expect(check({ ...base, urgency: 'high', topic: 'abc_DEF-1' })).toEqual({ ok: true, headers: { ttlSeconds: 60, urgency: 'high', topic: 'abc_DEF-1' } });
    expect(check({ ttl: '0' }, 0)).toEqual({ ok: true, headers: { ttlSeconds: 0, urgency: 'normal', topic: undefined } });
  });

  it('caps TTL at 60 days instead of refusing it', () => {
    expect(check({ ...base, ttl: '99999999' })).toMatchObject({ ok: true, headers: { ttlSeconds: 5_184_000 } });
  });

  it.each<[string, Record<string, string>, number, string[], number, number | null]>([
    ['missing TTL', { 'content-encoding': 'aes128gcm' }, 100, [], 400, 111],
    ['negative TTL', { ...base, ttl: '-1' }, 100, [], 400, 114],
    ['bad Urgency', { ...base, urgency: 'urgent' }, 100, [], 400, null],
    ['two Urgency headers', { ...base, urgency: 'low' }, 100, ['urgency'], 400, null],
    ['a 33-char Topic', { ...base, topic: 'a'.repeat(33) }, 100, [], 400, 113],
    ['a Topic outside base64url', { ...base, topic: 'a b' }, 100, [], 400, 113],
    ['a body without Content-Encoding', { ttl: '60' }, 100, [], 400, 110],
    ['the legacy aesgcm coding', { ...base, 'content-encoding': 'aesgcm' }, 100, [], 400, 110],
    ['a 4097-byte body', base, 4097, [], 413, 104],
  ])('answers %s', (_case, headers, bytes, duplicates, status, errno) => {
    expect(check(headers, bytes, duplicates)).toMatchObject({ ok: false, error: { status, errno } });
  });
});
