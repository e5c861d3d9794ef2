import type { FakeRequest } from '../shared/fake-http';

/** A FakeRequest for handler unit tests (no sockets). */
export function fakeRequest<C>(
  state: C,
  fields: Partial<Omit<FakeRequest<C>, 'connection' | 'body'>> & { body?: Buffer | string | object },
): FakeRequest<C> & { raisedTo: number[] } {
  const raisedTo: number[] = [];
  const body = fields.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(fields.body) ? fields.body : Buffer.from(typeof fields.body === 'string' ? fields.body : JSON.stringify(fields.body));
  return {
    method: fields.method ?? 'POST',
    path: fields.path ?? '/',
    headers: fields.headers ?? {},
    duplicateHeaders: fields.duplicateHeaders ?? [],
    body,
    bodyTooLarge: fields.bodyTooLarge ?? false,
    httpVersion: fields.httpVersion ?? '2',
    origin: fields.origin ?? 'https://127.0.0.1:4444',
    connection: { id: 1, state, setMaxConcurrentStreams: (n) => void raisedTo.push(n) },
    raisedTo,
  };
}
