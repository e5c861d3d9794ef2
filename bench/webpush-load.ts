import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import type { Delivery } from '../services/shared/contracts/messages';
import { createControlClient, ensureDevCredentials, spawnFakes, type PushSubscriptionJson } from '../services/fakes';
import { isTransportError } from '../services/sender/http2/transport-error';
import { createProviderGate } from '../services/sender/provider-gate';
import { aDelivery } from '../services/sender/test-support/deliveries';
import { secureContextTrusting } from '../services/sender/transport-settings';
import { createWebPushTransport, type WebPushTransport } from '../services/sender/webpush/client';
import { createWebPushRouter } from '../services/sender/webpush/router';
import { createVapidCache } from '../services/sender/webpush/vapid-cache';
import { cpuSeconds } from './process-sampler';

// `node --import tsx bench/webpush-load.ts`: the Web Push sender alone (router + transport, as the
// sender stage builds them) against the fake Web Push service in its own process, `--requests`
// deliveries with `--concurrency` in flight. Prints outcomes, every transport failure by message and
// code, and the CPU per delivery of this process and of the fakes. For finding transport failures and
// profiling (`node --cpu-prof --import tsx bench/webpush-load.ts`) without Kafka.

interface LoadOptions {
  requests: number;
  concurrency: number;
  subscriptions: number;
  maxSessions: number;
  rounds: number;
  json: boolean;
}

function parseOptions(argv: string[]): LoadOptions {
  const int = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive integer: ${value}`);
    return n;
  };
  const program = new Command()
    .option('--requests <n>', 'deliveries per round', int, 30_000)
    .option('--concurrency <n>', 'deliveries in flight (the sender allows 2000 priority + 1000 bulk)', int, 3_000)
    .option('--subscriptions <n>', 'distinct fake subscriptions (keys) the deliveries cycle through', int, 64)
    .option('--max-sessions <n>', 'WEBPUSH_MAX_SESSIONS', int, 32)
    .option('--rounds <n>', 'rounds, each with a fresh transport', int, 1)
    .option('--json', 'one JSON line per round on stdout', false)
    .parse(argv);
  return program.opts<LoadOptions>();
}

interface RoundResult {
  round: number;
  requests: number;
  seconds: number;
  per_s: number;
  outcomes: Record<string, number>;
  transport_errors: Record<string, number>;
  cpu_ms_per_delivery: number;
  fakes_cpu_ms_per_delivery: number | null;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-webpush-load-'));
  const credentials = ensureDevCredentials(path.join(dir, 'credentials'));
  const fakes = await spawnFakes({
    ...process.env,
    FAKE_FCM_PORT: '0',
    FAKE_APNS_PORT: '0',
    FAKE_WEBPUSH_PORT: '0',
    FAKES_TLS_DIR: path.join(dir, 'tls'),
    FAKES_DEV_CREDENTIALS_DIR: credentials.dir,
    FAKES_CAPTURE: 'false',
    LOG_LEVEL: 'warn',
  });
  // The fakes log (pino) on stdout; their warnings (session errors) belong in this run's output.
  for (const stream of [fakes.child.stdout, fakes.child.stderr]) stream?.on('data', (chunk: Buffer) => process.stderr.write(`[fakes] ${chunk.toString()}`));
  const control = createControlClient({ baseUrl: fakes.fcmUrl, caCertPem: fakes.caCertPem });
  try {
    const subscriptions: PushSubscriptionJson[] = [];
    for (let i = 0; i < options.subscriptions; i += 1) {
      subscriptions.push(await control.createWebPushSubscription({ applicationServerKey: credentials.vapid.publicKey }));
    }
    const secureContext = secureContextTrusting(fakes.caCertPem);
    for (let round = 1; round <= options.rounds; round += 1) {
      const deliveries = Array.from({ length: options.requests }, (_, i) => {
        const subscription = subscriptions[i % subscriptions.length]!;
        return aDelivery({
          provider: 'WEBPUSH',
          token: `${subscription.endpoint}?d=${round}-${i}`,
          webpush_keys: subscription.keys,
          payload: '{"title":"Hello","body":"A broadcast to everyone","data":{"campaign":"bench"}}',
        });
      });
      const transportErrors: Record<string, number> = {};
      const transport = countingErrors(
        createWebPushTransport({ maxSessions: options.maxSessions, http1MaxSocketsPerOrigin: 64, requestTimeoutMs: 15_000, secureContext }),
        transportErrors,
      );
      const router = createWebPushRouter({
        transport,
        vapid: createVapidCache({ keys: credentials.vapid, clock: Date.now }),
        gate: createProviderGate(Date.now),
        clock: Date.now,
      });
      const fakesCpuBefore = fakes.child.pid === undefined ? null : cpuSeconds(fakes.child.pid);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const outcomes = await sendAll(deliveries, options.concurrency, (delivery) => router.send(delivery, 'bulk'));
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const fakesCpuAfter = fakes.child.pid === undefined ? null : cpuSeconds(fakes.child.pid);
      await router.close(1_000);
      const result: RoundResult = {
        round,
        requests: options.requests,
        seconds: round3(seconds),
        per_s: Math.round(options.requests / seconds),
        outcomes,
        transport_errors: transportErrors,
        cpu_ms_per_delivery: round3((cpu.user + cpu.system) / 1000 / options.requests),
        fakes_cpu_ms_per_delivery:
          fakesCpuBefore === null || fakesCpuAfter === null ? null : round3(((fakesCpuAfter - fakesCpuBefore) * 1000) / options.requests),
      };
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
    }
  } finally {
    await control.close();
    await fakes.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `send` over every delivery with at most `concurrency` in flight; outcomes by code/reason. */
async function sendAll(
  deliveries: readonly Delivery[],
  concurrency: number,
  send: (delivery: Delivery) => Promise<{ code: string; reason: string | null }>,
): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      const outcome = await send(delivery);
      const key = outcome.reason === null ? outcome.code : `${outcome.code}/${outcome.reason}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
  return outcomes;
}

/** The transport, tallying each failure by kind, message and error code. */
function countingErrors(transport: WebPushTransport, tally: Record<string, number>): WebPushTransport {
  return {
    ...transport,
    post: (endpoint, headers, body) =>
      transport.post(endpoint, headers, body).catch((error: unknown) => {
        const cause = isTransportError(error) ? (error.cause as { code?: string } | undefined) : undefined;
        const key = `${isTransportError(error) ? error.failure : 'other'}: ${error instanceof Error ? error.message : String(error)}${cause?.code ? ` (${cause.code})` : ''}`;
        tally[key] = (tally[key] ?? 0) + 1;
        throw error;
      }),
  };
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
