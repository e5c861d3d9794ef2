import type { H2Pool, RequestLane } from '../http2/h2-pool';
import type { ProviderResponse } from '../http2/h2-response';

export interface FcmClient {
  /** POST /v1/projects/{project}/messages:send with a prepared body and `Bearer …` authorization. */
  send(body: string, authorization: string, lane: RequestLane): Promise<ProviderResponse>;
}

/** The FCM HTTP v1 wire call over a pooled HTTP/2 connection; the path is built once. */
export function createFcmClient(pool: H2Pool, projectId: string): FcmClient {
  const path = `/v1/projects/${encodeURIComponent(projectId)}/messages:send`;
  return {
    send(body, authorization, lane) {
      return pool.request(
        {
          ':method': 'POST',
          ':path': path,
          authorization,
          'content-type': 'application/json; charset=UTF-8',
        },
        body,
        lane,
      );
    },
  };
}
