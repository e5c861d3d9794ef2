import * as fs from 'node:fs';
import { stopKafka } from '../../infra/stack/kafka-broker';
import type { TestStackState } from './global-setup';
import { stopTestRegistry } from './test-registry';

/** Stops what global-setup started and removes its directory; a given stack is left alone. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { heraldStack?: TestStackState };
  const stack = state.heraldStack;
  if (!stack?.owned || stack.stopped || !stack.config) return;
  stack.stopped = true;
  await stopTestRegistry();
  await stopKafka(stack.config.dir);
  fs.rmSync(stack.config.dir, { recursive: true, force: true });
  // The reaper sees this process end and finds nothing left to stop; its files go now.
  for (const suffix of ['-reaper.log', '-reaper.pid']) fs.rmSync(`${stack.config.dir}${suffix}`, { force: true });
}
