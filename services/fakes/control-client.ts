import * as http2 from 'node:http2';
import type { ControlExecutor } from './shared/control-commands';
import { createControlFacade, type FakeControl } from './shared/control-facade';
import { CONTROL_PREFIX } from './shared/control-http';

export interface ControlClientOptions {
  /** Base URL of any of the fakes (they share one control API), e.g. https://127.0.0.1:4443. */
  baseUrl: string;
  /** The fakes' CA certificate (PEM). */
  caCertPem: string;
  /** Per-call timeout in ms (default 10 000). */
  timeoutMs?: number;
}

export interface ControlClient extends FakeControl {
  /** Closes the HTTP/2 connection. */
  close(): Promise<void>;
}

/** Scripts and inspects fakes running in another process, over their control API (HTTP/2 + TLS). */
export function createControlClient(options: ControlClientOptions): ControlClient {
  let session: http2.ClientHttp2Session | undefined;
  const connect = (): http2.ClientHttp2Session => {
    if (!session || session.closed || session.destroyed) {
      const fresh = http2.connect(options.baseUrl, { ca: options.caCertPem });
      fresh.on('error', () => fresh.destroy());
      fresh.unref();
      session = fresh;
    }
    return session;
  };

  const execute = ((command: { kind: string }) => {
    const { kind, ...fields } = command;
    const body = JSON.stringify(fields);
    return new Promise<unknown>((resolve, reject) => {
      const stream = connect().request({
        ':method': 'POST',
        ':path': `${CONTROL_PREFIX}${kind}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      });
      stream.setTimeout(options.timeoutMs ?? 10_000, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      let status = 0;
      const chunks: Buffer[] = [];
      stream.on('response', (headers) => {
        status = Number(headers[':status']);
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (status === 200) resolve(JSON.parse(text) as unknown);
        else reject(new Error(`control ${kind} failed: ${status || 'no response'} ${text}`));
      });
      stream.end(body);
    });
  }) as ControlExecutor;

  return {
    ...createControlFacade(execute),
    close: () =>
      new Promise<void>((resolve) => {
        if (!session || session.closed) return resolve();
        session.close(() => resolve());
      }),
  };
}
