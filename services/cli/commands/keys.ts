import type { Command } from 'commander';
import type { Pool } from 'pg';
import { createPool } from '../../shared/db/pool';
import { usageError, CliError } from '../cli-error';
import { loadCliBackendConfig } from '../config';
import type { CliContext } from '../context';
import { createKey, KEY_SCOPES, listKeys, revokeKey } from '../key-admin';
import { parseList } from '../option-parsers';
import { keyValues, table } from '../output';

async function withPool<T>(ctx: CliContext, work: (pool: Pool) => Promise<T>): Promise<T> {
  const { db } = loadCliBackendConfig(ctx.config.env);
  const pool = createPool({ ...db, poolMax: 1 }, () => undefined, 'herald-cli');
  try {
    return await work(pool);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('DATABASE', `database ${db.databaseUrl.replace(/\/\/[^@]*@/, '//')}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await pool.end();
  }
}

export function registerKeyCommands(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('create, list and revoke API keys (directly in the database: DATABASE_URL)');

  keys
    .command('create')
    .description('create an API key; the key is printed once and never stored')
    .requiredOption('--name <name>', 'who or what uses the key')
    .requiredOption('--scopes <list>', `comma-separated: ${KEY_SCOPES.join(', ')}`)
    .action(async (o: { name: string; scopes: string }, command: Command) => {
      const scopes = parseList(o.scopes);
      const unknown = scopes.filter((s) => !(KEY_SCOPES as readonly string[]).includes(s));
      if (scopes.length === 0 || unknown.length > 0) {
        throw usageError(`--scopes: unknown ${unknown.join(', ') || '(none given)'}; choose from ${KEY_SCOPES.join(', ')}`);
      }
      const created = await withPool(ctx, (pool) => createKey(pool, o.name, scopes));
      ctx.out(command).result(created, (c) => `${c.key}\n(shown once: store it now)\n${keyValues({ id: c.id, prefix: c.prefix, name: c.name, scopes: c.scopes.join(',') })}`);
    });

  keys
    .command('revoke <idOrPrefix>')
    .description('revoke a key by id, prefix (hk_...) or the key itself')
    .action(async (idOrPrefix: string, _o: unknown, command: Command) => {
      const revoked = await withPool(ctx, (pool) => revokeKey(pool, idOrPrefix));
      if (revoked === null) throw new CliError('NOT_FOUND', `no API key ${idOrPrefix}`);
      ctx.out(command).result(revoked, (r) => `revoked ${r.prefix} (${r.name})`);
    });

  keys
    .command('ls')
    .description('list API keys (never the secrets)')
    .action(async (_o: unknown, command: Command) => {
      const all = await withPool(ctx, listKeys);
      ctx.out(command).result(all, (rows) => table(rows.map((r) => ({ ...r, scopes: r.scopes.join(',') })), ['prefix', 'name', 'scopes', 'created_at', 'revoked_at', 'last_used_at']));
    });
}
