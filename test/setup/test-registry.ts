import { startRegistry, type RunningRegistry } from '../../services/registry';

let running: RunningRegistry | undefined;

/** The registry runs inside the jest parent process for the whole run, on an ephemeral port. */
export async function startTestRegistry(brokers: string): Promise<string> {
  const registry = await startRegistry({ host: '127.0.0.1', port: 0, brokers, topic: '_schemas' });
  running = registry;
  return registry.url;
}

export async function stopTestRegistry(): Promise<void> {
  await running?.close();
  running = undefined;
}
