import type { OutgoingHttpHeaders } from 'node:http2';
import type { H2Pool, RequestLane } from '../http2/h2-pool';
import type { ProviderResponse } from '../http2/h2-response';

export interface ApnsClient {
  /** POST /3/device/{token} with prepared headers and the JSON payload. */
  send(headers: OutgoingHttpHeaders, payload: string, lane: RequestLane): Promise<ProviderResponse>;
}

/** The APNs wire call: one pooled HTTP/2 connection set per environment's origin. */
export function createApnsClient(pool: H2Pool): ApnsClient {
  return { send: (headers, payload, lane) => pool.request(headers, payload, lane) };
}
