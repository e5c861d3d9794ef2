import type { IncomingHttpHeaders } from 'node:http2';

/** A complete provider answer: status, headers (lower-case names) and the body as UTF-8 text. */
export interface ProviderResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** First value of a response header, or undefined. */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
