import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDevCredentials } from '../../services/fakes/dev-credentials';
import { prepareContracts } from '../../services/shared/bootstrap/prepare-contracts';
import { loadBaseConfig } from '../../services/shared/config';
import { createLogger } from '../../services/shared/logger';
import { heraldDir, projectRoot } from './paths';
import { kafkaRunning } from './kafka-broker';
import { LOCAL_OPS_PORTS, localStageSpecs } from './local-stages';
import { stackDown, stackUp } from './stack';
import { loadStackConfig } from './stack-config';
import { superviseChildren } from './supervisor';

/**
 * `npm start`: Herald's main job on local defaults. Brings the stack up (Kafka, registry; PostgreSQL is
 * the machine's), prepares the contracts, then runs every stage in the foreground against the fake
 * provider gateways. Ctrl-C (or SIGTERM) drains the stages, then stops the stack it started.
 */
async function main(): Promise<void> {
  const log = (line: string): void => console.log(`[herald] ${line}`);
  const stack = loadStackConfig();
  const startedStack = !kafkaRunning(stack.dir);
  const addr = await stackUp(stack, log);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: addr.kafkaBrokers,
    SCHEMA_REGISTRY_URL: addr.schemaRegistryUrl,
    DATABASE_URL: addr.databaseUrl,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  await prepareContracts({ config: loadBaseConfig(env), logger: createLogger('bootstrap', 'warn') });
  log('database migrated, topics applied, schemas registered');

  const credentialsDir = path.join(heraldDir(), 'dev-credentials');
  const tlsDir = path.join(heraldDir(), 'tls');
  const credentials = ensureDevCredentials(credentialsDir);
  const specs = localStageSpecs({ root: projectRoot(), env, credentials, tlsDir }).filter((s) => fs.existsSync(s.main));
  const supervisor = superviseChildren(specs, (line) => console.log(line));
  log(`running ${specs.map((s) => s.name).join(', ')}; Ctrl-C stops everything`);
  log(`API          http://127.0.0.1:8080 (OpenAPI /openapi.json, docs /docs)`);
  log(`fakes        FCM https://127.0.0.1:4443, APNs https://127.0.0.1:4444, Web Push https://127.0.0.1:4445 (CA ${path.join(tlsDir, 'ca.pem')})`);
  log(`ops          ${Object.entries(LOCAL_OPS_PORTS).map(([name, port]) => `${name} :${port}`).join(', ')} (/metrics /healthz /readyz)`);

  const reason = await Promise.race([
    new Promise<string>((resolve) => process.once('SIGINT', () => resolve('SIGINT'))),
    new Promise<string>((resolve) => process.once('SIGTERM', () => resolve('SIGTERM'))),
    supervisor.firstExit.then(({ name, code }) => {
      process.exitCode = 1;
      return `${name} exited with code ${code}`;
    }),
  ]);
  log(`${reason}: stopping stages`);
  await supervisor.stopAll(30_000);
  if (startedStack) await stackDown(stack, log);
  log('stopped');
}

main().catch((error: unknown) => {
  console.error(`[herald] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
