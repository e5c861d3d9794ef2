import { Command } from 'commander';
import { loadStackConfig } from './stack-config';
import { stackDown, stackUp } from './stack';

/** `npm run stack:up` / `stack:down`: the local Kafka broker and schema registry, detached. */
const program = new Command('stack').description("Herald's local stack: Kafka (KRaft) and the schema registry");
const log = (line: string): void => console.log(`[stack] ${line}`);

program.command('up').description('start Kafka and the registry, print their addresses').action(async () => {
  const config = loadStackConfig();
  const addr = await stackUp(config, log);
  console.log(`KAFKA_BROKERS=${addr.kafkaBrokers}`);
  console.log(`SCHEMA_REGISTRY_URL=${addr.schemaRegistryUrl}`);
  console.log(`DATABASE_URL=${addr.databaseUrl}`);
  console.log(`logs and data: ${config.dir}`);
});

program.command('down').description('stop the registry and Kafka').action(async () => {
  await stackDown(loadStackConfig(), log);
});

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`[stack] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
