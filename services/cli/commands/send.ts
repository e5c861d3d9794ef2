import type { Command } from 'commander';
import type { CliContext } from '../context';
import { parseInteger, parseList } from '../option-parsers';
import { addContentOptions, contentBody, type ContentOptions } from './content-options';

interface SendOptions extends ContentOptions {
  to: string;
  category: string;
  priority?: string;
  ttl?: string;
  app?: string;
  collapseKey?: string;
  threadKey?: string;
  silent?: boolean;
  eventId?: string;
  idempotencyKey?: string;
}

export function registerSendCommand(program: Command, ctx: CliContext): void {
  addContentOptions(
    program
      .command('send')
      .description('send a transactional notification to one or many users; prints the event id')
      .requiredOption('--to <userIds>', 'comma-separated user ids')
      .requiredOption('--category <category>', 'e.g. chat, order, security')
      .option('--priority <priority>', 'LOW, NORMAL, HIGH or CRITICAL')
      .option('--ttl <seconds>', 'time to live, seconds')
      .option('--app <app>', 'application')
      .option('--collapse-key <key>', 'newer notification with this key replaces an undelivered one')
      .option('--thread-key <key>', 'conversation key (users can mute it)')
      .option('--silent', 'background push that shows nothing')
      .option('--event-id <id>', 'your own event id')
      .option('--idempotency-key <key>', 'retrying with the same key sends once'),
  ).action(async (o: SendOptions, command: Command) => {
    const body = {
      user_ids: parseList(o.to),
      category: o.category,
      ...contentBody(o),
      ...(o.priority ? { priority: o.priority.toUpperCase() } : {}),
      ...(o.ttl !== undefined ? { ttl_seconds: parseInteger('--ttl', o.ttl) } : {}),
      ...(o.app ? { app: o.app } : {}),
      ...(o.collapseKey ? { collapse_key: o.collapseKey } : {}),
      ...(o.threadKey ? { thread_key: o.threadKey } : {}),
      ...(o.silent ? { silent: true } : {}),
      ...(o.eventId ? { event_id: o.eventId } : {}),
    };
    const headers = o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : undefined;
    const reply = await ctx.api().post<{ event_id: string; user_count: number; replayed: boolean }>('/v1/notifications', body, headers);
    ctx.out(command).result(reply, (r) => `${r.replayed ? 'already sent' : 'accepted'}: event ${r.event_id} to ${r.user_count} user(s)`);
  });
}
