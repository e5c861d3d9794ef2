/** A request as the provider handlers see it: read fully, bounded, transport-independent. */
export interface FakeRequest<C = unknown> {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-case header names, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Header names that appeared more than once (lower-case). */
  duplicateHeaders: readonly string[];
  /** The body, cut at the adapter's limit. */
  body: Buffer;
  /** The body was longer than the adapter's limit (then `body` is incomplete). */
  bodyTooLarge: boolean;
  httpVersion: '1.1' | '2';
  /** scheme://host[:port] the client addressed (from :authority or Host). */
  origin: string;
  connection: FakeConnection<C>;
}

export interface FakeConnection<C> {
  id: number;
  /** Per-connection provider state (APNs: stream limit raised, last token seen). */
  state: C;
  /** Sends a new SETTINGS_MAX_CONCURRENT_STREAMS on HTTP/2; no-op on HTTP/1.1. */
  setMaxConcurrentStreams(streams: number): void;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type FakeHandler<C> = (request: FakeRequest<C>) => FakeResponse | Promise<FakeResponse>;

export function headerValue(headers: FakeRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, body: JSON.stringify(body) };
}
