import type { Command } from 'commander';
import { loadStackConfig } from '../../../infra/stack/stack-config';
import { stackDown, stackUp } from '../../../infra/stack/stack';
import type { CliContext } from '../context';

export function registerStackCommands(program: Command, ctx: CliContext): void {
  const stack = program.command('stack').description('the local Kafka broker and schema registry (as npm run stack:up/down)');

  stack
    .command('up')
    .description('start Kafka and the registry, print their addresses')
    .action(async (_o: unknown, command: Command) => {
      const out = ctx.out(command);
      const config = loadStackConfig();
      const addresses = await stackUp(config, (line) => out.notice(`[stack] ${line}`));
      out.result({ ...addresses, dir: config.dir }, (a) =>
        [`KAFKA_BROKERS=${a.kafkaBrokers}`, `SCHEMA_REGISTRY_URL=${a.schemaRegistryUrl}`, `DATABASE_URL=${a.databaseUrl}`, `logs and data: ${a.dir}`].join('\n'),
      );
    });

  stack
    .command('down')
    .description('stop the registry and Kafka')
    .action(async (_o: unknown, command: Command) => {
      const out = ctx.out(command);
      await stackDown(loadStackConfig(), (line) => out.notice(`[stack] ${line}`));
      out.result({ stopped: true }, () => 'stack stopped');
    });
}
