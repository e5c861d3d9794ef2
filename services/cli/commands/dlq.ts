import type { Command } from 'commander';
import type { CliContext } from '../context';
import { seg } from '../context';
import { parseInteger } from '../option-parsers';
import { keyValues, table } from '../output';

interface ReplayReply {
  replayed: string[];
  not_found: string[];
  not_open: string[];
}

export function registerDeadLetterCommands(program: Command, ctx: CliContext): void {
  const dlq = program.command('dlq').description('inspect, replay and discard dead letters (admin scope)');

  dlq
    .command('ls')
    .description('list dead letters, newest first')
    .option('--stage <stage>', 'stage that gave up, e.g. targeting')
    .option('--reason <code>', 'reason code, e.g. DECODE_FAILED')
    .option('--status <status>', 'open (default), replayed or discarded', 'open')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next_cursor of the previous page')
    .action(async (o: { stage?: string; reason?: string; status: string; limit: string; cursor?: string }, command: Command) => {
      const query = new URLSearchParams({
        status: o.status,
        limit: String(parseInteger('--limit', o.limit)),
        ...(o.stage ? { stage: o.stage } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.cursor ? { cursor: o.cursor } : {}),
      });
      const reply = await ctx.api().get<{ dead_letters: Record<string, unknown>[]; next_cursor: string | null }>(`/v1/dead-letters?${query.toString()}`);
      ctx.out(command).result(
        reply,
        (r) =>
          `${table(r.dead_letters, ['id', 'stage', 'source_topic', 'reason_code', 'failed_at', 'status', 'value_bytes'])}${r.next_cursor ? `\nnext: --cursor ${r.next_cursor}` : ''}`,
      );
    });

  dlq
    .command('show <id>')
    .description('one dead letter with its original bytes (base64)')
    .action(async (id: string, _o: unknown, command: Command) => {
      const reply = await ctx.api().get<Record<string, unknown>>(`/v1/dead-letters/${seg(id)}`);
      ctx.out(command).result(reply, keyValues);
    });

  dlq
    .command('replay <ids...>')
    .description('re-publish the original bytes of open dead letters to their source topics')
    .action(async (ids: string[], _o: unknown, command: Command) => {
      const reply = await ctx.api().post<ReplayReply>('/v1/dead-letters/replay', { ids });
      ctx.out(command).result(reply, (r) =>
        [
          `replayed: ${r.replayed.join(', ') || '-'}`,
          ...(r.not_found.length > 0 ? [`not found: ${r.not_found.join(', ')}`] : []),
          ...(r.not_open.length > 0 ? [`not open (already replayed or discarded): ${r.not_open.join(', ')}`] : []),
        ].join('\n'),
      );
      if (reply.not_found.length > 0 || reply.not_open.length > 0) process.exitCode = 1;
    });

  dlq
    .command('discard <id>')
    .description('discard an open dead letter (kept for the record, never replayed)')
    .action(async (id: string, _o: unknown, command: Command) => {
      await ctx.api().post(`/v1/dead-letters/${seg(id)}/discard`);
      ctx.out(command).result({ discarded: id }, () => `discarded dead letter ${id}`);
    });
}
