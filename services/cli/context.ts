import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client';
import type { CliConfig } from './config';
import { createOutput, type Output } from './output';

// What every command gets: the config, a lazily built API client, and an Output honouring --json
// (a global option, accepted before or after the subcommand).

export interface CliContext {
  readonly config: CliConfig;
  api(): ApiClient;
  out(command: Command): Output;
}

export function createCliContext(config: CliConfig): CliContext {
  let client: ApiClient | undefined;
  return {
    config,
    api() {
      client ??= createApiClient({ baseUrl: config.apiUrl, apiKey: config.apiKey, timeoutMs: config.apiTimeoutMs });
      return client;
    },
    out(command) {
      return createOutput(command.optsWithGlobals<{ json?: boolean }>().json === true);
    },
  };
}

/** Path segment, escaped. */
export const seg = (value: string): string => encodeURIComponent(value);
