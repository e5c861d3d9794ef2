import { createStageKit } from '../shared/bootstrap/stage-kit';
import { loadSenderConfig } from './config';
import { senderStageName, wireSender } from './sender-stage';

async function main(): Promise<void> {
  const config = loadSenderConfig();
  const kit = await createStageKit({ stage: senderStageName(config.providers), config: config.base, urgentProducer: true });
  wireSender(kit, config);
  await kit.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
