import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { aBroadcastTrigger } from '../test/e2e/harness/inputs';
import { STAGES, startPipeline, type Pipeline } from '../test/e2e/harness/pipeline';
import { seedDevices } from '../test/e2e/harness/seed';
import { seedBenchAudience } from './bench-audience';
import { parseBenchOptions, splitDevices, type BenchOptions } from './bench-options';
import { renderTable, roundResult, type BenchResult } from './bench-report';
import { startBenchStack, type BenchStack } from './bench-stack';
import { measureCeiling, mixCeiling } from './ceiling';
import { cpuSeconds, heapFigures, peakRssBytes } from './process-sampler';
import { broadcastSpans, finalOutcomes, lastRecordedMs, perSecond } from './stage-throughput';
import { percentile, probeLatencies, probeStages, startTransactionalProbe, type ProbeLatencies, type ProbeSent } from './transactional-probe';

// `npm run bench`: an isolated stack (Kafka, registry, a database of its own), the whole pipeline as
// processes against the fake gateways in their own process, N seeded devices and one broadcast to
// them, with transactional probes while it runs; then h2load against the same gateways for the
// ceiling. Everything is measured in this one run, because the machines are shared and noisy.

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
const MIB = 1024 * 1024;
const TXN_USERS = 30;
/** How long the idle pipeline is probed before the broadcast, ms. */
const IDLE_PROBE_MS = 3000;

async function run(options: BenchOptions, stack: BenchStack, signal: AbortSignal, started: (p: Pipeline) => void): Promise<BenchResult> {
  const loadAtStart = os.loadavg()[0]!;
  const nodeArgs = options.cpuProfDir === null ? undefined : Object.fromEntries(STAGES.map((s) => [s, ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir!]]));
  const pipeline = await startPipeline({
    label: 'bench',
    kafkaBrokers: stack.kafkaBrokers,
    schemaRegistryUrl: stack.schemaRegistryUrl,
    databaseUrl: stack.databaseUrl,
    fakes: 'process',
    fakesEnv: { FAKES_CAPTURE: 'false', LOG_LEVEL: 'warn' },
    readyTimeoutMs: 180_000,
    signal,
    ...(nodeArgs ? { nodeArgs } : {}),
    ...(options.verbose ? { echo: (line: string) => void process.stderr.write(`${line}\n`) } : {}),
  });
  started(pipeline);
  log(`pipeline up: ${pipeline.processes().map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
  signal.throwIfAborted();

  const app = `bench-${randomBytes(3).toString('hex')}`;
  const perProvider = splitDevices(options.devices, options.providers);
  const seedStart = Date.now();
  await seedBenchAudience({
    pool: pipeline.pool,
    fakes: pipeline.fakes,
    vapidPublicKey: pipeline.credentials.vapid.publicKey,
    app,
    perProvider,
    progress: (n) => log(`seeded ${n.toLocaleString('en-US')} devices`),
  });
  const seedSeconds = (Date.now() - seedStart) / 1000;
  signal.throwIfAborted();
  const txnUsers = Array.from({ length: TXN_USERS }, (_, i) => `bench-txn-${app}-${i}`);
  await seedDevices(
    { pool: pipeline.pool, fakes: pipeline.fakes, vapidPublicKey: pipeline.credentials.vapid.publicKey },
    txnUsers.map((userId, i) => ({ userId, provider: options.providers[i % options.providers.length]! })),
  );

  const ceilings: Record<string, number> = {};
  for (const provider of options.providers) {
    signal.throwIfAborted();
    const perSecond = await measureCeiling(provider, {
      targets: pipeline.fakes.addresses,
      credentials: pipeline.credentials,
      control: pipeline.fakes,
      seconds: options.ceilingSeconds,
    });
    ceilings[provider] = perSecond;
    log(`ceiling ${provider}: ${Math.round(perSecond)} requests/s`);
  }
  const ceiling = mixCeiling(perProvider, ceilings);

  // Transactional latency of the idle pipeline, for comparison with the same probes during the broadcast.
  const idleProbe = startTransactionalProbe(pipeline, txnUsers, options.txnIntervalMs);
  await new Promise((resolve) => setTimeout(resolve, IDLE_PROBE_MS));
  const idle = await settledLatencies(pipeline, await idleProbe.stop());

  const pids: Record<string, number> = { ...stack.pids() };
  for (const p of pipeline.processes()) pids[p.name] = p.pid;
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));

  const trigger = aBroadcastTrigger(app, { throttle_per_second: options.throttlePerSecond, ttl_seconds: 86_400 });
  const triggeredAt = Date.now();
  await pipeline.publish(pipeline.topics['broadcasts.triggers'], trigger, { key: trigger.broadcast_id });
  const probe = startTransactionalProbe(pipeline, txnUsers, options.txnIntervalMs);
  let probes: ProbeSent[] = [];
  try {
    await waitForBroadcast(pipeline, trigger.broadcast_id, options, triggeredAt, signal);
  } finally {
    probes = await probe.stop();
  }
  const lastMs = await lastRecordedMs(pipeline.pool, trigger.broadcast_id);
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => {
      const after = cpuSeconds(pid);
      const before = cpuBefore[name];
      return [name, after === null || before === null || before === undefined ? null : after - before];
    }),
  );
  const peakRss = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (peakRssBytes(pid) ?? Number.NaN) / MIB]));
  const heapMb: Record<string, number | null> = {};
  for (const p of pipeline.processes()) {
    const heap = p.opsPort === null ? null : await heapFigures(p.opsPort);
    heapMb[p.name] = heap === null ? null : (heap.heapUsedBytes + heap.externalBytes) / MIB;
  }

  const during = probes.filter((p) => p.sentAtMs < lastMs);
  const latencies = await settledLatencies(pipeline, during);
  const stages = await probeStages(pipeline, options.providers, during);
  const cpuPerDelivery = Object.fromEntries(Object.entries(cpu).map(([name, s]) => [name, s === null ? null : (s * 1000) / options.devices]));
  const totalCpuMs = Object.values(cpuPerDelivery).reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
  const spans = await broadcastSpans(pipeline.pool, trigger.broadcast_id);
  const e2eSeconds = (lastMs - triggeredAt) / 1000;
  const stagePerSecond: Record<string, number | null> = { targeting: perSecond(spans.targeting), feedback: perSecond(spans.feedback) };
  for (const [name, span] of Object.entries(spans.senders)) stagePerSecond[name] = perSecond(span);
  return {
    devices: options.devices,
    providers: Object.fromEntries(options.providers.map((p) => [p, perProvider[p]])),
    e2e_seconds: e2eSeconds,
    e2e_per_s: options.devices / e2eSeconds,
    ceiling_per_s: ceiling,
    ceiling_by_provider_per_s: ceilings,
    ratio: options.devices / e2eSeconds / ceiling,
    txn_p50_ms: percentile(latencies.acceptedMs, 50),
    txn_p99_ms: percentile(latencies.acceptedMs, 99),
    txn_recorded_p50_ms: percentile(latencies.recordedMs, 50),
    txn_recorded_p99_ms: percentile(latencies.recordedMs, 99),
    txn_samples: latencies.acceptedMs.length,
    txn_missing: latencies.missing,
    txn_targeting_p50_ms: percentile(stages.targetingMs, 50),
    txn_targeting_p99_ms: percentile(stages.targetingMs, 99),
    txn_sender_p50_ms: percentile(stages.senderMs, 50),
    txn_sender_p99_ms: percentile(stages.senderMs, 99),
    txn_idle_p50_ms: percentile(idle.acceptedMs, 50),
    txn_idle_p99_ms: percentile(idle.acceptedMs, 99),
    stage_per_s: stagePerSecond,
    peak_rss_mb: peakRss,
    heap_mb: heapMb,
    cpu_s: cpu,
    cpu_ms_per_delivery: cpuPerDelivery,
    cpu_bound_per_s: totalCpuMs > 0 ? (os.cpus().length * 1000) / totalCpuMs : null,
    outcomes: spans.outcomes,
    outcome_reasons: spans.otherReasons,
    seed_seconds: seedSeconds,
    throttle_per_s: options.throttlePerSecond,
    load_avg: [loadAtStart, os.loadavg()[0]!],
  };
}

/** Latencies of the probes once their receipts landed (up to a minute). */
async function settledLatencies(pipeline: Pipeline, probes: readonly ProbeSent[]): Promise<ProbeLatencies> {
  const deadline = Date.now() + 60_000;
  let latencies = await probeLatencies(pipeline.pool, probes);
  while (latencies.missing > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    latencies = await probeLatencies(pipeline.pool, probes);
  }
  return latencies;
}

async function waitForBroadcast(pipeline: Pipeline, broadcastId: string, options: BenchOptions, triggeredAt: number, signal: AbortSignal): Promise<void> {
  const deadline = triggeredAt + options.timeoutSeconds * 1000;
  let previous = { at: triggeredAt, done: 0 };
  for (;;) {
    signal.throwIfAborted();
    const done = await finalOutcomes(pipeline.pool, broadcastId);
    const now = Date.now();
    if (done >= options.devices) return;
    const dead = pipeline.processes().filter((p) => p.exit() !== null);
    if (dead.length > 0) throw new Error(`${dead.map((p) => p.name).join(', ')} exited during the broadcast:\n${pipeline.describe()}`);
    const { rows } = await pipeline.pool.query<{ status: string; failure_reason: string | null }>('SELECT status, failure_reason FROM broadcasts WHERE id = $1', [broadcastId]);
    if (rows[0]?.status === 'failed') throw new Error(`the broadcast failed: ${rows[0].failure_reason}`);
    if (now > deadline) throw new Error(`the broadcast did not finish in ${options.timeoutSeconds} s (${done} of ${options.devices} outcomes)`);
    if (now - previous.at >= 5000) {
      const rate = ((done - previous.done) * 1000) / (now - previous.at);
      log(`${done.toLocaleString('en-US')} of ${options.devices.toLocaleString('en-US')} outcomes in PostgreSQL (${Math.round(rate)}/s)`);
      previous = { at: now, done };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const stack = await startBenchStack(process.env, log);
  const abort = new AbortController();
  let pipeline: Pipeline | undefined;
  const running = run(options, stack, abort.signal, (p) => (pipeline = p));
  let cleaning: Promise<void> | undefined;
  // Once the run settled (an aborted start cleans up after itself): the pipeline, then the stack.
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await running.catch(() => undefined);
      await pipeline?.stop().catch((error: unknown) => log(`stopping the pipeline failed: ${String(error)}`));
      await stack.stop().catch((error: unknown) => log(`stopping the stack failed: ${String(error)}`));
    })());
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: cleaning up`);
    abort.abort();
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const result = roundResult(await running);
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${renderTable(result)}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
