import { createStageKit } from '../shared/bootstrap/stage-kit';
import { loadSenderConfig } from './config';
import { senderStageName, wireSender } from './sender-stage';

async function main(): Promise<void> {
  const config = loadSenderConfig();
  const kit = await createStageKit({ stage: senderStageName(config.providers), config: config.base });
  const sender = wireSender(kit, config);
  await kit.start();
  await sender.start();
  const reason = await sender.untilStopped();
  kit.logger.info({ reason }, 'draining');
  await kit.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
