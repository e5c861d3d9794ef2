import type { Command } from 'commander';
import { usageError } from '../cli-error';
import { seg, type CliContext } from '../context';
import { parseBoolean, parseList, parseQuietHours } from '../option-parsers';
import { keyValues } from '../output';

interface SetOptions {
  optOut?: string;
  push?: string;
  categoryOptOuts?: string;
  muted?: string;
  quietHours?: string;
  replace?: boolean;
}

export function registerPreferenceCommands(program: Command, ctx: CliContext): void {
  const prefs = program.command('prefs').description("a user's notification preferences");

  prefs
    .command('get <userId>')
    .description('show preferences (defaults when none were stored)')
    .action(async (userId: string, _o: unknown, command: Command) => {
      const reply = await ctx.api().get<Record<string, unknown>>(`/v1/users/${seg(userId)}/preferences`);
      ctx.out(command).result(reply, keyValues);
    });

  prefs
    .command('set <userId>')
    .description('change preferences (only the options given; --replace resets the others to defaults)')
    .option('--opt-out <bool>', 'global opt-out')
    .option('--push <bool>', 'push enabled')
    .option('--category-opt-outs <list>', 'comma-separated categories opted out of ("" for none)')
    .option('--muted <list>', 'comma-separated muted thread keys ("" for none)')
    .option('--quiet-hours <window>', 'HH:MM-HH:MM@Time/Zone, or off')
    .option('--replace', 'replace the whole document instead of patching')
    .action(async (userId: string, o: SetOptions, command: Command) => {
      const body = {
        ...(o.optOut !== undefined ? { opted_out: parseBoolean('--opt-out', o.optOut) } : {}),
        ...(o.push !== undefined ? { push_enabled: parseBoolean('--push', o.push) } : {}),
        ...(o.categoryOptOuts !== undefined ? { category_opt_outs: parseList(o.categoryOptOuts) } : {}),
        ...(o.muted !== undefined ? { muted_thread_keys: parseList(o.muted) } : {}),
        ...(o.quietHours !== undefined ? { quiet_hours: parseQuietHours(o.quietHours) } : {}),
      };
      if (!o.replace && Object.keys(body).length === 0) throw usageError('give at least one preference to set (see herald prefs set --help)');
      const path = `/v1/users/${seg(userId)}/preferences`;
      const reply = o.replace ? await ctx.api().put<Record<string, unknown>>(path, body) : await ctx.api().patch<Record<string, unknown>>(path, body);
      ctx.out(command).result(reply, keyValues);
    });
}
