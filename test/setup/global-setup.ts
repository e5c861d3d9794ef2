import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnDetached } from '../../infra/stack/process-control';
import { startKafka } from '../../infra/stack/kafka-broker';
import { freePort } from '../../infra/stack/free-port';
import { kafkaBrokers, testStackConfig, type StackConfig } from '../../infra/stack/stack-config';
import { prepareDatabase } from './prepare-database';
import { startTestRegistry } from './test-registry';

export interface TestStackState {
  owned: boolean;
  config?: StackConfig;
  stopped?: boolean;
}

/**
 * Starts an isolated stack for integration and end-to-end tests (own ports, own directory), unless one
 * is given through KAFKA_BROKERS and SCHEMA_REGISTRY_URL. Runs once per jest invocation even when
 * several projects name it; the values reach the tests through process.env.
 */
/** Stops this run's broker if the run dies without its teardown (killed, timed out). */
function startReaper(dir: string): void {
  spawnDetached({
    command: process.execPath,
    args: ['--import', 'tsx', path.join(__dirname, '..', '..', 'infra', 'stack', 'reaper.ts'), String(process.pid), dir],
    logFile: path.join(dir, '..', `${path.basename(dir)}-reaper.log`),
    pidFile: path.join(dir, '..', `${path.basename(dir)}-reaper.pid`),
  });
}

export default async function globalSetup(): Promise<void> {
  const state = globalThis as { heraldStack?: TestStackState };
  if (state.heraldStack) return;
  const log = (line: string): void => void process.stderr.write(`[test-stack] ${line}\n`);
  const t0 = Date.now();
  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL) {
    state.heraldStack = { owned: false };
    log(`using the given stack: ${process.env.KAFKA_BROKERS}, ${process.env.SCHEMA_REGISTRY_URL}`);
  } else {
    const config = testStackConfig({ kafkaPort: await freePort(), kafkaControllerPort: await freePort(), registryPort: 0 });
    state.heraldStack = { owned: true, config };
    fs.rmSync(config.dir, { recursive: true, force: true });
    fs.mkdirSync(config.dir, { recursive: true });
    startReaper(config.dir);
    await startKafka({ port: config.kafkaPort, controllerPort: config.kafkaControllerPort, dir: config.dir }, log);
    process.env.KAFKA_BROKERS = kafkaBrokers(config);
    process.env.SCHEMA_REGISTRY_URL = await startTestRegistry(process.env.KAFKA_BROKERS);
  }
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/herald_test';
  await prepareDatabase(process.env.DATABASE_URL);
  log(`ready in ${Date.now() - t0} ms: kafka ${process.env.KAFKA_BROKERS}, registry ${process.env.SCHEMA_REGISTRY_URL}, db ${process.env.DATABASE_URL}`);
}
