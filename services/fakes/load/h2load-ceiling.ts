import * as path from 'node:path';
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
// HTTP/2 server on the same machine in the same run, so the ratio survives a noisy machine. With
// --repeat N every target is measured N times, interleaved, and the best rate counts.
// Usage: node dist/services/fakes/load/h2load-ceiling.js [--workers 2] [--duration 5] [--clients 4] [--streams 50] [--repeat 3]
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string', default: '1' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      clients: { type: 'string', default: '4' },
      streams: { type: 'string', default: '50' },
      threads: { type: 'string', default: '1' },
      repeat: { type: 'string', default: '1' },
      'tls-dir': { type: 'string', default: DEFAULT_TLS_DIR },
      'credentials-dir': { type: 'string', default: DEFAULT_DEV_CREDENTIALS_DIR },
    },
  });
  const tlsDir = path.resolve(values['tls-dir']);
  const credentialsDir = path.resolve(values['credentials-dir']);
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
  const targets: Array<[string, LoadRequest]> = [
    ['bare-h2', { url: bare.url, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":{}}') }],
    ['fcm', fcmLoadRequest(fakes, credentials)],
    ['apns', apnsLoadRequest(fakes, credentials)],
    ['webpush', await webpushLoadRequest(fakes, credentials, control)],
  ];
  const best = new Map<string, { reqPerSec: number; succeeded: number; failed: number }>();
  for (let round = 0; round < Number(values.repeat); round += 1) {
    for (const [name, request] of targets) {
      const result = await runH2load(request, h2loadOptions);
      const previous = best.get(name);
      if (!previous || result.requestsPerSecond > previous.reqPerSec || result.failed > 0) {
        best.set(name, { reqPerSec: result.requestsPerSecond, succeeded: result.succeeded, failed: Math.max(result.failed, previous?.failed ?? 0) });
      }
    }
  }
  await control.close();
  await fakes.stop();
  await bare.close();
  const bareRate = best.get('bare-h2')?.reqPerSec ?? 1;
  const rows = targets.map(([name]) => {
    const row = best.get(name)!;
    return { target: name, ...row, ratio: Number((row.reqPerSec / bareRate).toFixed(2)) };
  });
  process.stdout.write(`${JSON.stringify({ workers: Number(values.workers), repeat: Number(values.repeat), h2load: h2loadOptions, rows })}\n`);
  for (const row of rows) process.stdout.write(`${row.target.padEnd(8)} ${row.reqPerSec.toFixed(0).padStart(8)} req/s  x${row.ratio}  (${row.succeeded} ok, ${row.failed} failed)\n`);
  if (rows.some((row) => row.failed > 0)) {
    process.stderr.write('some requests were not answered with 2xx: the rates above are not a ceiling\n');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
