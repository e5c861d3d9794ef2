import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

/** The floor of any HTTP/2 server in Node: reads the body, answers 200 `{}`. The ceiling's reference. */
export async function startBareH2Server(keyPem: string, certPem: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http2.createSecureServer({ key: keyPem, cert: certPem });
  server.on('stream', (stream) => {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/json' });
      stream.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
