import { createStageKit } from '../shared/bootstrap/stage-kit';
import { loadTargetingConfig } from './config';
import { startDedupExpiry } from './dedup-expiry';
import { resolveConfigPath } from './config-paths';
import { systemClock } from './ports';
import { loadRules } from './rules/rules-loader';
import { createTargetingApp, STAGE } from './targeting-app';
import { loadTemplateCatalog } from './templates/template-loader';

async function main(): Promise<void> {
  const config = loadTargetingConfig();
  const catalog = loadTemplateCatalog(resolveConfigPath(config.templatesDir));
  const rules = loadRules(resolveConfigPath(config.rulesFile), catalog);
  const kit = await createStageKit({ stage: STAGE, config: config.base, database: true });
  const app = createTargetingApp({
    config,
    logger: kit.logger,
    metrics: kit.metrics,
    kafka: kit.kafka,
    pool: kit.pool!,
    codec: kit.codec,
    contractTypes: kit.types,
    catalog,
    rules,
    clock: systemClock,
    onFatalError: (error) => {
      kit.logger.fatal({ err: error }, 'consumer failed for good');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
  });
  for (const [name, check] of Object.entries(app.readiness)) kit.addReadiness(name, check);
  kit.onShutdown(() => {
    setTimeout(() => {
      kit.logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'drain took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    return app.stop();
  });
  kit.onShutdown(startDedupExpiry({ db: kit.pool!, logger: kit.logger, retentionHours: config.dedupRetentionHours, intervalMs: config.dedupExpiryIntervalMs }));
  // Started by the kit after its ops server, so /healthz answers while the groups are joining.
  kit.addService({ start: () => app.start(), stop: () => Promise.resolve() });
  await kit.run();
}

main().catch((error: unknown) => {
  process.stderr.write(`targeting failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
