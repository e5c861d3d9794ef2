import * as fs from 'node:fs';
import { startKafka, stopKafka } from './kafka-broker';
import { startRegistryProcess, stopRegistryProcess } from './registry-process';
import { kafkaBrokers, registryUrl, type StackConfig } from './stack-config';

export interface StackAddresses {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  databaseUrl: string;
}

export const stackAddresses = (c: StackConfig): StackAddresses => ({
  kafkaBrokers: kafkaBrokers(c),
  schemaRegistryUrl: registryUrl(c),
  databaseUrl: c.databaseUrl,
});

/** Starts the broker, then the registry (which stores schemas in the broker). Idempotent. */
export async function stackUp(c: StackConfig, log: (line: string) => void = () => undefined): Promise<StackAddresses> {
  fs.mkdirSync(c.dir, { recursive: true });
  const t0 = Date.now();
  await startKafka({ port: c.kafkaPort, controllerPort: c.kafkaControllerPort, dir: c.dir, ...(c.kafkaHeapOpts !== undefined ? { heapOpts: c.kafkaHeapOpts } : {}) }, log);
  log(`kafka ready at ${kafkaBrokers(c)} (${Date.now() - t0} ms)`);
  await startRegistryProcess({ dir: c.dir, port: c.registryPort, brokers: kafkaBrokers(c) });
  log(`schema registry ready at ${registryUrl(c)} (${Date.now() - t0} ms)`);
  return stackAddresses(c);
}

/** Stops the registry, then the broker (controlled shutdown). Leaves no Herald process running. */
export async function stackDown(c: StackConfig, log: (line: string) => void = () => undefined): Promise<void> {
  if (await stopRegistryProcess(c.dir)) log('schema registry stopped');
  if (await stopKafka(c.dir)) log('kafka stopped');
}
