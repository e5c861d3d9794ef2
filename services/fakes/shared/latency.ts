export type LatencySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stddevMs: number };

/** One delay in ms drawn from `spec`; `random` returns values in [0, 1). Never negative. */
export function sampleLatencyMs(spec: LatencySpec, random: () => number): number {
  switch (spec.kind) {
    case 'fixed':
      return Math.max(0, spec.ms);
    case 'uniform':
      return Math.max(0, spec.minMs + (spec.maxMs - spec.minMs) * random());
    case 'normal': {
      // Box-Muller; 1 - random() keeps the logarithm's argument in (0, 1].
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.max(0, spec.meanMs + spec.stddevMs * z);
    }
  }
}
