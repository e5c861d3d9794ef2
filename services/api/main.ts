import { createStageKit } from '../shared/bootstrap/stage-kit';
import { createApiApp } from './api-app';
import { loadApiConfig } from './config';

async function main(): Promise<void> {
  const config = loadApiConfig();
  // The API serves /metrics, /healthz and /readyz on its own port.
  const kit = await createStageKit({ stage: 'api', config: config.base, database: true, opsServer: false });
  const app = await createApiApp(kit, config);
  kit.onShutdown(() => app.close());
  await kit.start();
  const url = await app.listen({ host: config.host, port: config.port });
  kit.logger.info({ url }, `Herald API listening on ${url} (OpenAPI ${url}/openapi.json, docs ${url}/docs)`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  kit.logger.info({ signal }, 'draining');
  await kit.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
