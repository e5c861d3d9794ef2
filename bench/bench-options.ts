import { Command, InvalidArgumentError } from 'commander';

// The benchmark's command line, parsed into plain options (pure: argv in, options out).

export type BenchProvider = 'fcm' | 'apns' | 'webpush';
export const BENCH_PROVIDERS: readonly BenchProvider[] = ['fcm', 'apns', 'webpush'];

export interface BenchOptions {
  /** Devices in the broadcast audience, split evenly over `providers`. */
  readonly devices: number;
  readonly providers: readonly BenchProvider[];
  /** Print one JSON object instead of the table. */
  readonly json: boolean;
  /** Broadcast throttle, deliveries per second (high: the pipeline, not the throttle, sets the pace). */
  readonly throttlePerSecond: number;
  /** Milliseconds between transactional probes sent while the broadcast runs. */
  readonly txnIntervalMs: number;
  /** Seconds h2load runs against each gateway for the ceiling (after a 1 s warm-up). */
  readonly ceilingSeconds: number;
  /** Directory for V8 CPU profiles of every stage (node --cpu-prof), or null. */
  readonly cpuProfDir: string | null;
  /** Give up on the broadcast after this many seconds. */
  readonly timeoutSeconds: number;
  /** Print the stages' own output. */
  readonly verbose: boolean;
}

const positiveInt = (name: string) => (raw: string): number => {
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return value;
};

const providerList = (raw: string): BenchProvider[] => {
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  const unknown = names.filter((n) => !(BENCH_PROVIDERS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`providers are ${BENCH_PROVIDERS.join(', ')}`);
  return [...new Set(names)] as BenchProvider[];
};

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('bench')
    .description("Herald's end-to-end benchmark: one broadcast through the whole pipeline, against the fakes' h2load ceiling")
    .option('--devices <n>', 'devices in the broadcast audience', positiveInt('--devices'), 100_000)
    .option('--providers <list>', 'providers of the audience, evenly split', providerList, [...BENCH_PROVIDERS])
    .option('--json', 'print one JSON object', false)
    .option('--throttle <perSecond>', 'broadcast throttle, deliveries per second', positiveInt('--throttle'), 1_000_000)
    .option('--txn-interval <ms>', 'ms between transactional probes during the broadcast', positiveInt('--txn-interval'), 100)
    .option('--ceiling-seconds <s>', 'seconds of h2load per gateway', positiveInt('--ceiling-seconds'), 8)
    .option('--cpu-prof <dir>', 'write V8 CPU profiles of every stage to this directory')
    .option('--timeout <s>', 'give up on the broadcast after this many seconds', positiveInt('--timeout'), 1800)
    .option('--verbose', "print the stages' output", false)
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const o = program.opts<{
    devices: number;
    providers: BenchProvider[];
    json: boolean;
    throttle: number;
    txnInterval: number;
    ceilingSeconds: number;
    cpuProf?: string;
    timeout: number;
    verbose: boolean;
  }>();
  return Object.freeze({
    devices: o.devices,
    providers: Object.freeze(o.providers),
    json: o.json,
    throttlePerSecond: o.throttle,
    txnIntervalMs: o.txnInterval,
    ceilingSeconds: o.ceilingSeconds,
    cpuProfDir: o.cpuProf ?? null,
    timeoutSeconds: o.timeout,
    verbose: o.verbose,
  });
}

/** Devices per provider for an even split (the remainder goes to the first ones). */
export function splitDevices(devices: number, providers: readonly BenchProvider[]): Record<BenchProvider, number> {
  const split: Record<BenchProvider, number> = { fcm: 0, apns: 0, webpush: 0 };
  providers.forEach((p, i) => {
    split[p] = Math.floor(devices / providers.length) + (i < devices % providers.length ? 1 : 0);
  });
  return split;
}
