import { Command, CommanderError } from 'commander';
import { ConfigError } from '../shared/config';
import { CliError } from './cli-error';
import { registerBroadcastCommands } from './commands/broadcast';
import { registerDeadLetterCommands } from './commands/dlq';
import { registerDeviceCommands } from './commands/devices';
import { registerKeyCommands } from './commands/keys';
import { registerLagCommand } from './commands/lag';
import { registerPreferenceCommands } from './commands/prefs';
import { registerReceiptCommand } from './commands/receipts';
import { registerSendCommand } from './commands/send';
import { registerStackCommands } from './commands/stack';
import { loadCliConfig } from './config';
import { createCliContext } from './context';

// `herald`: one program, one group of commands per file. Failures print one clear line to stderr
// (or a JSON error with --json) and exit non-zero: 1 when the request failed, 2 for a wrong command line.

function report(error: unknown, json: boolean): number {
  const cli =
    error instanceof CliError
      ? error
      : error instanceof ConfigError
        ? new CliError('CONFIG', error.message, { exitCode: 2 })
        : new CliError('FAILED', error instanceof Error ? error.message : String(error));
  if (json) process.stderr.write(`${JSON.stringify({ error: { code: cli.code, message: cli.message, details: cli.details } })}\n`);
  else process.stderr.write(`herald: ${cli.message}\n${describeDetails(cli.details)}`);
  return cli.exitCode;
}

function describeDetails(details: unknown): string {
  const errors = (details as { errors?: { field: string; reason: string }[] } | undefined)?.errors;
  return Array.isArray(errors) ? errors.map((e) => `  ${e.field}: ${e.reason}\n`).join('') : '';
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    const ctx = createCliContext(loadCliConfig());
    const program = new Command('herald')
      .description('Herald push notifications: devices, preferences, sending, broadcasts, receipts, dead letters, keys, lag, local stack')
      .option('--json', 'print machine-readable JSON')
      .showHelpAfterError()
      .exitOverride();
    registerDeviceCommands(program, ctx);
    registerPreferenceCommands(program, ctx);
    registerSendCommand(program, ctx);
    registerBroadcastCommands(program, ctx);
    registerReceiptCommand(program, ctx);
    registerDeadLetterCommands(program, ctx);
    registerKeyCommands(program, ctx);
    registerLagCommand(program, ctx);
    registerStackCommands(program, ctx);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message (or the help/version text).
      return error.exitCode === 0 ? 0 : 2;
    }
    return report(error, json);
  }
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`herald: ${String(error)}\n`);
    process.exit(1);
  },
);
