import cluster from 'node:cluster';
import { createLogger } from '../shared/logger';
import { startClusterPrimary } from './cluster-primary';
import { startClusterWorker } from './cluster-worker';
import { loadFakesConfig } from './config';
import { gatewayOptionsFromConfig } from './fakes-options';
import { startFakeGateways, type FakeGateways } from './gateways';
import { loadScriptFile } from './script-file';
import type { Provider } from './shared/provider';

// Starts the three fake gateways (FCM, APNs, Web Push), in this process or in FAKES_WORKERS cluster
// workers sharing the ports; prints their addresses; SIGTERM/SIGINT close them.
async function main(): Promise<void> {
  const config = loadFakesConfig();
  const logger = createLogger('fakes', config.logLevel);
  const script = config.scriptFile ? loadScriptFile(config.scriptFile) : undefined;
  const options = { ...gatewayOptionsFromConfig(config, script), onError: (error: unknown) => logger.warn({ err: error }, 'fake gateway error') };
  const urlHost = config.publicHost ?? (config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host);
  const urls = (ports: Record<Provider, number>) => ({
    fcmUrl: `https://${urlHost}:${ports.fcm}`,
    apnsUrl: `https://${urlHost}:${ports.apns}`,
    webpushUrl: `https://${urlHost}:${ports.webpush}`,
  });

  if (config.workers > 1 && cluster.isPrimary) {
    const primary = startClusterPrimary(config.workers, (ports) => urls(ports).webpushUrl, (code) => {
      logger.error({ code }, 'a fakes worker exited; stopping');
      process.exit(1);
    });
    const ready = await primary.ready;
    printReady({ ...urls(ready.ports), caCertPath: ready.caCertPath, workers: config.workers });
    onShutdown(async () => {
      await primary.close();
      logger.info('fakes stopped');
    });
    return;
  }

  let gateways: FakeGateways;
  if (cluster.isWorker) {
    gateways = await startClusterWorker(options);
  } else {
    gateways = await startFakeGateways(options);
    printReady({ ...urls(gateways.ports), caCertPath: gateways.caCertPath, workers: 1 });
  }
  for (const command of script?.commands ?? []) await gateways.executeHere(command);
  onShutdown(async () => {
    await gateways.close();
    if (!cluster.isWorker) logger.info('fakes stopped');
  });
}

/** The addresses, as one JSON line on stdout whatever LOG_LEVEL says (spawnFakes and people read it). */
function printReady(addresses: Record<string, string | number>): void {
  process.stdout.write(`${JSON.stringify({ msg: 'fakes ready', ...addresses })}\n`);
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fakes failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
