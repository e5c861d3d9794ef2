import pino from 'pino';
import type { LogLevel } from './config';
import { maskTokensInText, redactForLog } from './log-redaction';

export { maskToken, maskTokensInText, redactForLog, REDACTED } from './log-redaction';

export type Logger = pino.Logger;
export type LogDestination = pino.DestinationStream;

function redactRecord(value: object): Record<string, unknown> {
  const redacted = redactForLog(value);
  return typeof redacted === 'object' && redacted !== null ? (redacted as Record<string, unknown>) : {};
}

/**
 * The one way Herald code gets a logger: pino JSON to stdout (or `destination`, for tests), with
 * secrets redacted and device tokens masked in merged objects, child bindings, errors and message text.
 */
export function createLogger(name: string, level: LogLevel = 'info', destination?: LogDestination): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactRecord(bindings),
      log: (object) => redactRecord(object),
    },
    hooks: {
      // Last line of defence: whatever path a token took into the line (e.g. child bindings), mask it.
      streamWrite: (line) => maskTokensInText(line),
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const maskedRest = rest.map((arg) => (typeof arg === 'string' ? maskTokensInText(arg) : arg));
        if (first instanceof Error) {
          // pino would print err.message unmasked as msg: pass a redacted copy and a masked message.
          const message = typeof maskedRest[0] === 'string' ? maskedRest.shift() : maskTokensInText(first.message);
          method.apply(this, [{ err: redactForLog(first) }, message, ...maskedRest] as Parameters<pino.LogFn>);
          return;
        }
        const maskedFirst = typeof first === 'string' ? maskTokensInText(first) : first;
        method.apply(this, [maskedFirst, ...maskedRest] as Parameters<pino.LogFn>);
      },
    },
  };
  return withRedactedChildBindings(destination === undefined ? pino(options) : pino(options, destination));
}

/** pino applies `formatters.bindings` to the root only; redact secret keys in child bindings ourselves. */
function withRedactedChildBindings(root: Logger): Logger {
  // pino's own child(), taken from its prototype: children inherit the shadowing instance property.
  const pinoPrototype = Object.getPrototypeOf(root) as Logger;
  root.child = function child<ChildLevels extends string = never>(
    this: Logger,
    bindings: pino.Bindings,
    childOptions?: pino.ChildLoggerOptions<ChildLevels>,
  ): pino.Logger<ChildLevels> {
    type ChildArgs = [pino.Bindings, pino.ChildLoggerOptions<ChildLevels> | undefined];
    return pinoPrototype.child.call<Logger, ChildArgs, pino.Logger<ChildLevels>>(
      this,
      redactRecord(bindings),
      childOptions,
    );
  };
  return root;
}
