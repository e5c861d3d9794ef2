import type { DevCredentials, FakeControl } from '../services/fakes';
import { runH2load } from '../services/fakes/load/h2load-run';
import { apnsLoadRequest, fcmLoadRequest, webpushLoadRequest, type LoadTargets } from '../services/fakes/load/load-requests';
import type { BenchProvider } from './bench-options';

// The physical ceiling on this machine, in the same run: h2load replaying one valid request against
// the very fake gateway the senders use (same TLS, same path shape, same server limits), over as
// many connections as a sender keeps (2) with as many streams as the fake allows (100).

export interface CeilingOptions {
  readonly targets: LoadTargets;
  readonly credentials: DevCredentials;
  readonly control: FakeControl;
  readonly seconds: number;
}

export async function measureCeiling(provider: BenchProvider, o: CeilingOptions): Promise<number> {
  const request =
    provider === 'fcm'
      ? fcmLoadRequest(o.targets, o.credentials)
      : provider === 'apns'
        ? apnsLoadRequest(o.targets, o.credentials)
        : await webpushLoadRequest(o.targets, o.credentials, o.control);
  const result = await runH2load(request, { requests: 0, durationSeconds: o.seconds, warmUpSeconds: 1, clients: 2, streams: 100 });
  if (result.succeeded === 0) throw new Error(`h2load against the ${provider} fake succeeded 0 times:\n${result.output}`);
  return result.requestsPerSecond * (result.status2xx / Math.max(1, result.total));
}

/**
 * The ceiling of a mix: sending share_i of the audience to gateway i at its own ceiling takes
 * Σ share_i / ceiling_i seconds per delivery, so the mix's ceiling is the weighted harmonic mean.
 */
export function mixCeiling(perProvider: Readonly<Partial<Record<BenchProvider, number>>>, ceilings: Readonly<Partial<Record<BenchProvider, number>>>): number {
  const total = Object.values(perProvider).reduce((sum, n) => sum + (n ?? 0), 0);
  let secondsPerDelivery = 0;
  for (const [provider, count] of Object.entries(perProvider) as [BenchProvider, number][]) {
    if (count === 0) continue;
    const ceiling = ceilings[provider];
    if (ceiling === undefined || ceiling <= 0) throw new Error(`no ceiling measured for ${provider}`);
    secondsPerDelivery += count / total / ceiling;
  }
  return 1 / secondsPerDelivery;
}
