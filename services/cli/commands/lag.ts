import type { Command } from 'commander';
import { createKafka } from '../../shared/kafka/kafka-client';
import { createLogger } from '../../shared/logger';
import { CliError } from '../cli-error';
import { loadCliBackendConfig } from '../config';
import { readConsumerLag } from '../consumer-lag';
import type { CliContext } from '../context';
import { collect } from '../option-parsers';
import { table } from '../output';

export function registerLagCommand(program: Command, ctx: CliContext): void {
  program
    .command('lag')
    .description('consumer lag per group and partition: high watermark minus committed offset (KAFKA_BROKERS)')
    .option('--group <groupId>', 'only this consumer group (repeatable; default all)', collect, [])
    .action(async (o: { group: string[] }, command: Command) => {
      const { base } = loadCliBackendConfig(ctx.config.env);
      const admin = createKafka({ ...base, clientId: 'herald-cli' }, createLogger('herald-cli', 'silent'), { connectionTimeoutMs: 3_000 }).admin();
      try {
        await admin.connect();
      } catch (error) {
        throw new CliError('KAFKA_UNREACHABLE', `cannot reach Kafka at ${base.kafkaBrokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        const rows = await readConsumerLag(admin, o.group);
        const total = rows.reduce((sum, r) => sum + r.lag, 0);
        ctx.out(command).result({ partitions: rows, total_lag: total }, (r) => `${table(r.partitions.map((p) => ({ ...p })), ['group', 'topic', 'partition', 'committed', 'high', 'lag'])}\ntotal lag: ${r.total_lag}`);
      } finally {
        await admin.disconnect();
      }
    });
}
