// What a failing command reports: a message for people, a stable code for scripts (--json), and the
// exit status. 1: the request failed (API refused it, dependency down); 2: the command line was wrong.

export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly details: unknown;

  constructor(code: string, message: string, options: { exitCode?: number; details?: unknown } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
    this.details = options.details;
  }
}

export const usageError = (message: string): CliError => new CliError('USAGE', message, { exitCode: 2 });
