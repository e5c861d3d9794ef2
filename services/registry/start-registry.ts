import { createLogger } from '../shared/logger';
import { listenRegistryHttp, type RegistryHttpServer } from './http-server';
import { createKafkaSchemaLog } from './kafka-schema-log';
import type { RegistryLogger } from './registry-logger';
import { createRegistryRoutes, type RegistryAnswer, type RegistryRequest } from './registry-routes';
import { createRegistryService } from './registry-service';
import type { SchemaLog } from './schema-log';
import { decodeEntry } from './schema-records';
import { createSchemaStore } from './schema-store';

export interface StartRegistryOptions {
  /** Listen address, e.g. 127.0.0.1. */
  host: string;
  /** TCP port; 0 = any free port (read the chosen one from `url`). */
  port: number;
  /** Bootstrap brokers; entries may themselves be comma-separated lists. */
  brokers: readonly string[] | string;
  /** Schema topic (Confluent's default name is `_schemas`); created compacted if missing. */
  topic: string;
  /** Defaults to a `registry` logger at level warn. */
  logger?: RegistryLogger;
  /** Start-up budget for reading the topic to its end, in milliseconds (default 60000). */
  replayTimeoutMs?: number;
}

export interface RunningRegistry {
  /** Base URL for clients, e.g. http://127.0.0.1:8081. */
  readonly url: string;
  /** Stops accepting requests, lets in-flight ones finish, then disconnects from Kafka. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts Herald's local Confluent-compatible registry: reads the schema topic to its end, then serves.
 * Single instance per topic: ids and versions are allocated from this process's memory.
 */
export async function startRegistry(options: StartRegistryOptions): Promise<RunningRegistry> {
  const logger = options.logger ?? createLogger('registry', 'warn');
  const brokers = [options.brokers]
    .flat()
    .flatMap((b) => b.split(','))
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  const log = createKafkaSchemaLog({
    brokers,
    topic: options.topic,
    logger,
    ...(options.replayTimeoutMs !== undefined ? { replayTimeoutMs: options.replayTimeoutMs } : {}),
  });
  return startRegistryOnLog({ host: options.host, port: options.port, log, logger });
}

/** The same registry over any SchemaLog (unit tests pass the in-memory one). Closes `log` on failure. */
export async function startRegistryOnLog(deps: {
  host: string;
  port: number;
  log: SchemaLog;
  logger: RegistryLogger;
}): Promise<RunningRegistry> {
  const { host, port, log, logger } = deps;
  let server: RegistryHttpServer;
  try {
    server = await listenRegistryHttp({ host, port, handle: await loadRegistry({ log, logger }) });
  } catch (error) {
    await log.close();
    throw error;
  }
  const url = `http://${clientHost(host)}:${server.port}`;
  logger.info({ url }, 'schema registry ready');
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await log.close();
      })()),
  };
}

/** Reads the whole log into a fresh store, then answers requests from it (and writes through the log). */
export async function loadRegistry(deps: {
  log: SchemaLog;
  logger: RegistryLogger;
}): Promise<(request: RegistryRequest) => Promise<RegistryAnswer>> {
  const { log, logger } = deps;
  const store = createSchemaStore();
  let applied = 0;
  await log.replay((entry) => {
    const decoded = decodeEntry(entry);
    if (decoded.ok) {
      store.apply(decoded.record);
      applied += 1;
    } else if (decoded.skipped === 'malformed') {
      logger.warn({ reason: decoded.reason }, 'skipped a malformed record of the schema log');
    }
  });
  logger.info({ applied, subjects: store.subjects(false).length }, 'schema log replayed');
  return createRegistryRoutes({ service: createRegistryService({ store, log }), logger });
}

/** A wildcard listen address is not something a client can dial; use loopback in the URL. */
function clientHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
