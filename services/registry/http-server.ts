import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError } from './errors';
import { RESPONSE_CONTENT_TYPE, type RegistryAnswer, type RegistryRequest } from './registry-routes';

/** Request bodies above this are refused with 413; Avro schemas are kilobytes. Bytes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RegistryHttpServer {
  /** The port actually bound (the one asked for, or the ephemeral one for port 0). */
  readonly port: number;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  close(): Promise<void>;
}

/** Serves `handle` over plain HTTP/1.1 with node:http. */
export async function listenRegistryHttp(opts: {
  host: string;
  port: number;
  handle: (request: RegistryRequest) => Promise<RegistryAnswer>;
}): Promise<RegistryHttpServer> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) =>
        opts.handle({ method: req.method ?? 'GET', url: req.url ?? '/', contentType: req.headers['content-type'], body }),
      )
      .catch((error: unknown) => {
        const refusal = error instanceof RegistryError ? error : new RegistryError('badRequest', 'Could not read the request');
        return { status: refusal.httpStatus, body: JSON.stringify(refusal.toBody()) };
      })
      .then((answer) => {
        res.writeHead(answer.status, {
          'content-type': RESPONSE_CONTENT_TYPE,
          'content-length': Buffer.byteLength(answer.body),
        });
        res.end(answer.body);
      })
      .catch(() => res.destroy());
  });
  await listen(server, opts.host, opts.port);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RegistryError('payloadTooLarge', `Request body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
