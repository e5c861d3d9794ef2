import { createLogger } from '../shared/logger';
import { loadRegistryConfig } from './config';
import { startRegistry } from './index';

async function main(): Promise<void> {
  const config = loadRegistryConfig();
  const logger = createLogger('registry', config.logLevel);
  const registry = await startRegistry({ ...config, logger });
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    registry.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`registry failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
