import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { followFrame, type BroadcastStatusView } from '../broadcast-progress';
import type { ApiClient } from '../api-client';
import { seg, type CliContext } from '../context';
import { parseInteger, parseList } from '../option-parsers';
import { keyValues, table, type Output } from '../output';
import { addContentOptions, contentBody, type ContentOptions } from './content-options';

interface CreateOptions extends ContentOptions {
  id?: string;
  app?: string;
  category?: string;
  priority?: string;
  ttl?: string;
  throttle?: string;
  platforms?: string;
  tags?: string;
  locales?: string;
  apps?: string;
  users?: string;
  lastSeenAfter?: string;
  at?: string;
  idempotencyKey?: string;
  follow?: boolean;
  intervalMs: string;
}

function segmentOf(o: CreateOptions): Record<string, unknown> {
  const users = o.users?.startsWith('@') ? readFileSync(o.users.slice(1), 'utf8').split(/[\s,]+/).filter(Boolean) : o.users ? parseList(o.users) : undefined;
  return {
    ...(o.platforms ? { platforms: parseList(o.platforms).map((p) => p.toUpperCase()) } : {}),
    ...(o.tags ? { tags: parseList(o.tags) } : {}),
    ...(o.locales ? { locales: parseList(o.locales) } : {}),
    ...(o.apps ? { apps: parseList(o.apps) } : {}),
    ...(users ? { user_ids: users } : {}),
    ...(o.lastSeenAfter ? { last_seen_after: o.lastSeenAfter } : {}),
  };
}

/** Polls the status until the broadcast is final, drawing a bar on a terminal and lines otherwise. */
async function follow(api: ApiClient, out: Output, id: string, intervalMs: number): Promise<BroadcastStatusView> {
  const tty = !out.json && process.stderr.isTTY;
  const bar = tty ? new SingleBar({ format: 'delivered {bar} {value}/{total} | {line}', hideCursor: true, stream: process.stderr }) : null;
  let lastLine = '';
  bar?.start(1, 0, { line: 'waiting for targeting' });
  try {
    for (;;) {
      const view = await api.get<BroadcastStatusView>(`/v1/broadcasts/${seg(id)}?include_receipts=true`);
      const frame = followFrame(view);
      if (bar) {
        bar.setTotal(frame.total);
        bar.update(frame.value, { line: frame.line });
      } else if (frame.line !== lastLine) {
        out.notice(frame.line);
      }
      lastLine = frame.line;
      if (frame.done) return view;
      await delay(intervalMs);
    }
  } finally {
    bar?.stop();
  }
}

const statusText = (v: BroadcastStatusView & Record<string, unknown>): string =>
  `${followFrame(v).line}\n${keyValues({ broadcast_id: v.broadcast_id, created_at: v.created_at, started_at: v.started_at, completed_at: v.completed_at })}`;

export function registerBroadcastCommands(program: Command, ctx: CliContext): void {
  const broadcast = program.command('broadcast').description('create, follow and cancel broadcasts');

  addContentOptions(
    broadcast
      .command('create')
      .description('create a broadcast to a segment; --follow shows its progress until it is done')
      .option('--id <id>', 'your own broadcast id')
      .option('--app <app>', 'application')
      .option('--category <category>', 'category users can opt out of (default marketing)')
      .option('--priority <priority>', 'LOW (default) or NORMAL; broadcasts use the bulk lanes')
      .option('--ttl <seconds>', 'time to live, seconds')
      .option('--throttle <perSecond>', 'deliveries per second')
      .option('--platforms <list>', 'ANDROID,IOS,WEB')
      .option('--tags <list>', 'users having any of these tags')
      .option('--locales <list>', 'device locales, e.g. de,fr-CA')
      .option('--apps <list>', 'apps whose devices are included')
      .option('--users <list>', 'explicit user ids, comma-separated or @file (one per line)')
      .option('--last-seen-after <time>', 'only devices seen after this RFC 3339 time')
      .option('--at <time>', 'start at this RFC 3339 time instead of now')
      .option('--idempotency-key <key>', 'retrying with the same key creates it once')
      .option('--follow', 'show live progress until the broadcast is done')
      .option('--interval-ms <ms>', 'poll interval of --follow, ms', '1000'),
  ).action(async (o: CreateOptions, command: Command) => {
    const out = ctx.out(command);
    const body = {
      segment: segmentOf(o),
      ...contentBody(o),
      ...(o.id ? { broadcast_id: o.id } : {}),
      ...(o.app ? { app: o.app } : {}),
      ...(o.category ? { category: o.category } : {}),
      ...(o.priority ? { priority: o.priority.toUpperCase() } : {}),
      ...(o.ttl !== undefined ? { ttl_seconds: parseInteger('--ttl', o.ttl) } : {}),
      ...(o.throttle !== undefined ? { throttle_per_second: parseInteger('--throttle', o.throttle) } : {}),
      ...(o.at ? { scheduled_at: o.at } : {}),
    };
    const headers = o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : undefined;
    const created = await ctx.api().post<{ broadcast_id: string; status: string; replayed: boolean }>('/v1/broadcasts', body, headers);
    if (!o.follow) {
      out.result(created, (c) => `broadcast ${c.broadcast_id} ${c.replayed ? 'already created' : 'created'} (${c.status})`);
      return;
    }
    out.notice(`broadcast ${created.broadcast_id} created; following (Ctrl-C stops following, not the broadcast)`);
    const final = await follow(ctx.api(), out, created.broadcast_id, parseInteger('--interval-ms', o.intervalMs));
    out.result(final, (v) => statusText(v as BroadcastStatusView & Record<string, unknown>));
  });

  broadcast
    .command('status <id>')
    .description('status and progress counts')
    .option('--follow', 'keep showing progress until it is done')
    .option('--interval-ms <ms>', 'poll interval of --follow, ms', '1000')
    .action(async (id: string, o: { follow?: boolean; intervalMs: string }, command: Command) => {
      const out = ctx.out(command);
      const view = o.follow
        ? await follow(ctx.api(), out, id, parseInteger('--interval-ms', o.intervalMs))
        : await ctx.api().get<BroadcastStatusView & Record<string, unknown>>(`/v1/broadcasts/${seg(id)}?include_receipts=true`);
      out.result(view, (v) => statusText(v as BroadcastStatusView & Record<string, unknown>));
    });

  broadcast
    .command('cancel <id>')
    .description('cancel a pending or running broadcast')
    .action(async (id: string, _o: unknown, command: Command) => {
      const view = await ctx.api().post<BroadcastStatusView & Record<string, unknown>>(`/v1/broadcasts/${seg(id)}/cancel`);
      ctx.out(command).result(view, (v) => `cancelled ${v.broadcast_id}\n${statusText(v)}`);
    });

  broadcast
    .command('ls')
    .description('list broadcasts, newest first')
    .option('--status <status>', 'pending, running, completed, cancelled or failed')
    .option('--limit <n>', 'page size', '20')
    .option('--cursor <cursor>', 'next_cursor of the previous page')
    .action(async (o: { status?: string; limit: string; cursor?: string }, command: Command) => {
      const query = new URLSearchParams({ limit: String(parseInteger('--limit', o.limit)), ...(o.status ? { status: o.status } : {}), ...(o.cursor ? { cursor: o.cursor } : {}) });
      const reply = await ctx.api().get<{ broadcasts: (BroadcastStatusView & Record<string, unknown>)[]; next_cursor: string | null }>(`/v1/broadcasts?${query.toString()}`);
      ctx.out(command).result(reply, (r) => {
        const rows = r.broadcasts.map((b) => ({ ...b, ...b.progress }));
        return `${table(rows, ['broadcast_id', 'status', 'category', 'targeted', 'emitted', 'suppressed', 'created_at'])}${r.next_cursor ? `\nnext: --cursor ${r.next_cursor}` : ''}`;
      });
    });
}
