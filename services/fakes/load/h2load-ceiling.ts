import { parseArgs } from 'node:util';
import { createControlClient } from '../control-client';
import { ensureDevCredentials, DEFAULT_DEV_CREDENTIALS_DIR } from '../dev-credentials';
import { DEFAULT_TLS_DIR } from '../gateways';
import { ensureTlsMaterial } from '../shared/tls-ca';
import { spawnFakes } from '../spawn-fakes';
import { startBareH2Server } from './bare-h2-server';
import { runH2load } from './h2load-run';
import { apnsLoadRequest, fcmLoadRequest, webpushLoadRequest, type LoadRequest } from './load-requests';

// Measures the request rate h2load reaches against each fake (capture off) and against a bare Node
// HTTP/2 server on the same machine in the same run, so the ratio survives a noisy machine.
// Usage: node dist/services/fakes/load/h2load-ceiling.js [--workers 2] [--duration 5] [--clients 4] [--streams 50]
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string', default: '1' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      clients: { type: 'string', default: '4' },
      streams: { type: 'string', default: '50' },
      threads: { type: 'string', default: '1' },
      'tls-dir': { type: 'string', default: DEFAULT_TLS_DIR },
      'credentials-dir': { type: 'string', default: DEFAULT_DEV_CREDENTIALS_DIR },
    },
  });
  const tlsDir = values['tls-dir'];
  const credentialsDir = values['credentials-dir'];
  const tls = ensureTlsMaterial(tlsDir);
  const credentials = ensureDevCredentials(credentialsDir);
  const h2loadOptions = {
    requests: 0,
    durationSeconds: Number(values.duration),
    warmUpSeconds: Number(values.warmup),
    clients: Number(values.clients),
    streams: Number(values.streams),
    threads: Number(values.threads),
  };

  const bare = await startBareH2Server(tls.keyPem, tls.certPem);
  const bareResult = await runH2load({ url: bare.url, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":{}}') }, h2loadOptions);
  await bare.close();

  const fakes = await spawnFakes({
    FAKES_WORKERS: values.workers,
    FAKES_CAPTURE: 'false',
    FAKE_FCM_PORT: '0',
    FAKE_APNS_PORT: '0',
    FAKE_WEBPUSH_PORT: '0',
    FAKES_TLS_DIR: tlsDir,
    FAKES_DEV_CREDENTIALS_DIR: credentialsDir,
    LOG_LEVEL: 'warn',
  });
  const control = createControlClient({ baseUrl: fakes.fcmUrl, caCertPem: fakes.caCertPem });
  const requests: Array<[string, LoadRequest]> = [
    ['fcm', fcmLoadRequest(fakes, credentials)],
    ['apns', apnsLoadRequest(fakes, credentials)],
    ['webpush', await webpushLoadRequest(fakes, credentials, control)],
  ];
  const rows = [{ target: 'bare-h2', reqPerSec: bareResult.requestsPerSecond, ratio: 1, succeeded: bareResult.succeeded, failed: bareResult.failed }];
  for (const [name, request] of requests) {
    const result = await runH2load(request, h2loadOptions);
    rows.push({ target: name, reqPerSec: result.requestsPerSecond, ratio: Number((result.requestsPerSecond / bareResult.requestsPerSecond).toFixed(2)), succeeded: result.succeeded, failed: result.failed });
  }
  await control.close();
  await fakes.stop();
  process.stdout.write(`${JSON.stringify({ workers: Number(values.workers), h2load: h2loadOptions, rows })}\n`);
  for (const row of rows) process.stdout.write(`${row.target.padEnd(8)} ${row.reqPerSec.toFixed(0).padStart(8)} req/s  x${row.ratio}  (${row.succeeded} ok, ${row.failed} failed)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
