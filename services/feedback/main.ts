import { createStageKit } from '../shared/bootstrap/stage-kit';
import { loadFeedbackConfig } from './config';
import { wireFeedback } from './feedback-stage';

async function main(): Promise<void> {
  const config = loadFeedbackConfig();
  const kit = await createStageKit({ stage: 'feedback', config: config.base, database: true });
  wireFeedback(kit, config);
  await kit.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
