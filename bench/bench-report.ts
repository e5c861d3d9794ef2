// What one benchmark run measured, as the JSON object `--json` prints and as a table for people.

export interface BenchResult {
  readonly devices: number;
  readonly providers: Readonly<Record<string, number>>;
  /** Trigger published → last receipt of the broadcast in PostgreSQL. */
  readonly e2e_seconds: number;
  readonly e2e_per_s: number;
  /** h2load against the same fake gateways, weighted by the audience's provider mix. */
  readonly ceiling_per_s: number;
  readonly ceiling_by_provider_per_s: Readonly<Record<string, number>>;
  /** e2e_per_s / ceiling_per_s. */
  readonly ratio: number;
  /** Transactional probes during the broadcast: event time → provider accepted. */
  readonly txn_p50_ms: number | null;
  readonly txn_p99_ms: number | null;
  /** Event time → receipt in PostgreSQL. */
  readonly txn_recorded_p50_ms: number | null;
  readonly txn_recorded_p99_ms: number | null;
  readonly txn_samples: number;
  readonly txn_missing: number;
  /** The probes during the broadcast, split: event time → on the priority lane (targeting), then → accepted (sender). */
  readonly txn_targeting_p50_ms: number | null;
  readonly txn_targeting_p99_ms: number | null;
  readonly txn_sender_p50_ms: number | null;
  readonly txn_sender_p99_ms: number | null;
  /** The same probes on the idle pipeline before the broadcast (event time → provider accepted). */
  readonly txn_idle_p50_ms: number | null;
  readonly txn_idle_p99_ms: number | null;
  /** Deliveries (or receipts, for feedback) per second of each stage while it worked on the broadcast. */
  readonly stage_per_s: Readonly<Record<string, number | null>>;
  /** VmHWM of each process, MiB. */
  readonly peak_rss_mb: Readonly<Record<string, number | null>>;
  /** V8 heap used + external memory of each stage when the broadcast ended, MiB (what is live, vs. the RSS peak). */
  readonly heap_mb: Readonly<Record<string, number | null>>;
  /** CPU seconds each process used from the trigger to the last receipt. */
  readonly cpu_s: Readonly<Record<string, number | null>>;
  /** cpu_s per delivery, ms: what each delivery costs each process, whatever else the machine runs. */
  readonly cpu_ms_per_delivery: Readonly<Record<string, number | null>>;
  /** Deliveries/s the pipeline's measured CPU cost allows on this machine's cores if it had them alone. */
  readonly cpu_bound_per_s: number | null;
  readonly outcomes: Readonly<Record<string, number>>;
  /** Outcomes other than accepted by status and reason, e.g. transient failures that were retried. */
  readonly outcome_reasons: Readonly<Record<string, number>>;
  readonly seed_seconds: number;
  readonly throttle_per_s: number;
  /** 1-minute load average at the start and the end (the machine is shared). */
  readonly load_avg: readonly [number, number];
}

const round = (n: number | null, digits = 1): number | null => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits)));

export function roundResult(r: BenchResult): BenchResult {
  const map = (o: Readonly<Record<string, number | null>>, digits = 1): Record<string, number | null> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, digits)]));
  return {
    ...r,
    e2e_seconds: round(r.e2e_seconds, 2) ?? 0,
    e2e_per_s: round(r.e2e_per_s) ?? 0,
    ceiling_per_s: round(r.ceiling_per_s) ?? 0,
    ceiling_by_provider_per_s: map(r.ceiling_by_provider_per_s) as Record<string, number>,
    ratio: round(r.ratio, 3) ?? 0,
    txn_p50_ms: round(r.txn_p50_ms),
    txn_p99_ms: round(r.txn_p99_ms),
    txn_recorded_p50_ms: round(r.txn_recorded_p50_ms),
    txn_recorded_p99_ms: round(r.txn_recorded_p99_ms),
    txn_targeting_p50_ms: round(r.txn_targeting_p50_ms),
    txn_targeting_p99_ms: round(r.txn_targeting_p99_ms),
    txn_sender_p50_ms: round(r.txn_sender_p50_ms),
    txn_sender_p99_ms: round(r.txn_sender_p99_ms),
    txn_idle_p50_ms: round(r.txn_idle_p50_ms),
    txn_idle_p99_ms: round(r.txn_idle_p99_ms),
    stage_per_s: map(r.stage_per_s),
    peak_rss_mb: map(r.peak_rss_mb),
    heap_mb: map(r.heap_mb),
    cpu_s: map(r.cpu_s),
    cpu_ms_per_delivery: map(r.cpu_ms_per_delivery, 3),
    cpu_bound_per_s: round(r.cpu_bound_per_s, 0),
    seed_seconds: round(r.seed_seconds, 1) ?? 0,
    load_avg: [round(r.load_avg[0], 2) ?? 0, round(r.load_avg[1], 2) ?? 0],
  };
}

const fmt = (n: number | null | undefined, unit = '', digits = 1): string =>
  n === null || n === undefined ? '-' : `${n.toLocaleString('en-US', { maximumFractionDigits: digits })}${unit}`;

export function renderTable(r: BenchResult): string {
  const processes = [...new Set([...Object.keys(r.peak_rss_mb), ...Object.keys(r.cpu_s), ...Object.keys(r.stage_per_s)])];
  const lines = [
    `Herald benchmark: ${fmt(r.devices)} devices (${Object.entries(r.providers).map(([p, n]) => `${p} ${fmt(n)}`).join(', ')}), throttle ${fmt(r.throttle_per_s)}/s`,
    '',
    `  end to end        ${fmt(r.e2e_per_s, ' deliveries/s')}  (${fmt(r.e2e_seconds, ' s')} trigger → last receipt in PostgreSQL)`,
    `  ceiling (h2load)  ${fmt(r.ceiling_per_s, ' requests/s')}  (${Object.entries(r.ceiling_by_provider_per_s).map(([p, n]) => `${p} ${fmt(n)}`).join(', ')})`,
    `  ratio             ${fmt(r.ratio, '', 3)}`,
    `  CPU-bound         ${fmt(r.cpu_bound_per_s, ' deliveries/s')}  (the measured CPU cost per delivery, on all cores of this machine)`,
    `  transactional     p50 ${fmt(r.txn_p50_ms, ' ms')}, p99 ${fmt(r.txn_p99_ms, ' ms')} to provider; p50 ${fmt(r.txn_recorded_p50_ms, ' ms')}, p99 ${fmt(r.txn_recorded_p99_ms, ' ms')} to PostgreSQL (${r.txn_samples} probes, ${r.txn_missing} missing); idle pipeline p50 ${fmt(r.txn_idle_p50_ms, ' ms')}, p99 ${fmt(r.txn_idle_p99_ms, ' ms')}`,
    `    of which        targeting p50 ${fmt(r.txn_targeting_p50_ms, ' ms')}, p99 ${fmt(r.txn_targeting_p99_ms, ' ms')}; sender p50 ${fmt(r.txn_sender_p50_ms, ' ms')}, p99 ${fmt(r.txn_sender_p99_ms, ' ms')}`,
    `  outcomes          ${Object.entries(r.outcomes).map(([s, n]) => `${s} ${fmt(n)}`).join(', ')}`,
    `  not accepted      ${Object.entries(r.outcome_reasons).map(([s, n]) => `${s} ${fmt(n)}`).join(', ') || 'none'}`,
    `  seeding           ${fmt(r.seed_seconds, ' s')}; load average ${r.load_avg[0]} → ${r.load_avg[1]}`,
    '',
    `  ${'process'.padEnd(16)}${'per s'.padStart(12)}${'peak RSS MiB'.padStart(15)}${'heap MiB'.padStart(11)}${'CPU s'.padStart(10)}${'CPU ms/delivery'.padStart(18)}`,
    ...processes.map(
      (p) =>
        `  ${p.padEnd(16)}${fmt(r.stage_per_s[p]).padStart(12)}${fmt(r.peak_rss_mb[p]).padStart(15)}${fmt(r.heap_mb[p]).padStart(11)}${fmt(r.cpu_s[p]).padStart(10)}${fmt(r.cpu_ms_per_delivery[p], '', 3).padStart(18)}`,
    ),
  ];
  return lines.join('\n');
}
