import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../infra/stack/free-port';
import { heraldDir } from '../infra/stack/paths';
import { readPid } from '../infra/stack/process-control';
import { stackDown, stackUp } from '../infra/stack/stack';
import type { StackConfig } from '../infra/stack/stack-config';

// The benchmark's own Kafka broker and schema registry (free ports, own directory), like the test
// stack; or the one named by KAFKA_BROKERS and SCHEMA_REGISTRY_URL when both are set.

export interface BenchStack {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  /** Any database URL on the server; the pipeline creates its own database beside it. */
  readonly databaseUrl: string;
  /** Pids of the broker and registry this benchmark started (none for a given stack). */
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startBenchStack(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BenchStack> {
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald_bench';
  if (env.KAFKA_BROKERS && env.SCHEMA_REGISTRY_URL) {
    return { kafkaBrokers: env.KAFKA_BROKERS, schemaRegistryUrl: env.SCHEMA_REGISTRY_URL, databaseUrl, pids: () => ({}), stop: () => Promise.resolve() };
  }
  const config: StackConfig = {
    name: `bench-${process.pid}`,
    kafkaPort: await freePort(),
    kafkaControllerPort: await freePort(),
    registryPort: await freePort(),
    dir: path.join(heraldDir(), 'stacks', `bench-${process.pid}`),
    databaseUrl,
  };
  fs.rmSync(config.dir, { recursive: true, force: true });
  const stop = async (): Promise<void> => {
    await stackDown(config);
    fs.rmSync(config.dir, { recursive: true, force: true });
  };
  try {
    const addresses = await stackUp(config, log);
    const pids = (): Record<string, number> => {
      const found: Record<string, number> = {};
      for (const name of ['kafka', 'registry']) {
        const pid = readPid(path.join(config.dir, `${name}.pid`));
        if (pid !== undefined) found[name] = pid;
      }
      return found;
    };
    return { kafkaBrokers: addresses.kafkaBrokers, schemaRegistryUrl: addresses.schemaRegistryUrl, databaseUrl, pids, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
