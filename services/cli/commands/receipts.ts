import type { Command } from 'commander';
import { usageError } from '../cli-error';
import type { CliContext } from '../context';
import { parseInteger } from '../option-parsers';
import { table } from '../output';

export function registerReceiptCommand(program: Command, ctx: CliContext): void {
  program
    .command('receipts')
    .description('delivery receipts of an event (or broadcast) or of a user, newest first')
    .option('--event <id>', 'event or broadcast id')
    .option('--user <id>', 'user id')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next_cursor of the previous page')
    .action(async (o: { event?: string; user?: string; limit: string; cursor?: string }, command: Command) => {
      if ((o.event === undefined) === (o.user === undefined)) throw usageError('give exactly one of --event and --user');
      const query = new URLSearchParams({
        ...(o.event ? { event_id: o.event } : {}),
        ...(o.user ? { user_id: o.user } : {}),
        limit: String(parseInteger('--limit', o.limit)),
        ...(o.cursor ? { cursor: o.cursor } : {}),
      });
      const reply = await ctx.api().get<{ receipts: Record<string, unknown>[]; next_cursor: string | null }>(`/v1/receipts?${query.toString()}`);
      ctx.out(command).result(
        reply,
        (r) =>
          `${table(r.receipts, ['occurred_at', 'event_id', 'user_id', 'provider', 'status', 'reason', 'attempt'])}${r.next_cursor ? `\nnext: --cursor ${r.next_cursor}` : ''}`,
      );
    });
}
