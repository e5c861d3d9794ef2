import { normalizeHeaders } from './kafkajs-consumer';

describe('normalizeHeaders', () => {
  it('turns header values into Buffers, a repeated header keeping its last value', () => {
    expect(
      normalizeHeaders({ a: 'text', b: Buffer.from([1, 2]), c: ['first', Buffer.from('last')], d: undefined }),
    ).toEqual({ a: Buffer.from('text'), b: Buffer.from([1, 2]), c: Buffer.from('last') });
  });

  it('accepts missing headers', () => {
    expect(normalizeHeaders(undefined)).toEqual({});
  });
});
