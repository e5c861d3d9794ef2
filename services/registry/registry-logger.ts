// The slice of a pino logger the registry uses, so callers can pass any pino logger (or a child).
// (services/shared/logger.ts did not exist when the registry was written; main.ts builds pino itself.)

type LogFn = (fields: object, message: string) => void;

export interface RegistryLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}
