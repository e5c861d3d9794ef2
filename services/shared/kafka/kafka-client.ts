import { Kafka, logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { BaseConfig } from '../config';
import type { Logger } from '../logger';

export interface KafkaClientOptions {
  /** Milliseconds to establish a broker connection. */
  readonly connectionTimeoutMs?: number;
  /** Milliseconds a broker request may take. */
  readonly requestTimeoutMs?: number;
}

const PINO_TO_KAFKAJS: Readonly<Record<string, KafkaLogLevel>> = {
  fatal: KafkaLogLevel.ERROR,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
  trace: KafkaLogLevel.DEBUG,
  silent: KafkaLogLevel.NOTHING,
};

/** Routes kafkajs' own logs into our (redacting) logger, as a `kafkajs` child with its namespace. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      const fields = { namespace, ...extra };
      switch (level) {
        case KafkaLogLevel.ERROR:
          kafkaLogger.error(fields, message);
          break;
        case KafkaLogLevel.WARN:
          kafkaLogger.warn(fields, message);
          break;
        case KafkaLogLevel.INFO:
          kafkaLogger.info(fields, message);
          break;
        default:
          kafkaLogger.debug(fields, message);
      }
    };
}

/** A kafkajs client for the configured brokers, logging through `logger` at the logger's level. */
export function createKafka(
  config: Pick<BaseConfig, 'kafkaBrokers' | 'clientId'>,
  logger: Logger,
  options: KafkaClientOptions = {},
): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.kafkaBrokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: PINO_TO_KAFKAJS[logger.level] ?? KafkaLogLevel.INFO,
    logCreator: kafkaLogCreator(logger),
  });
}
