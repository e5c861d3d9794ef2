import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './paths';
import { isAlive, pollUntil, readPid, spawnDetached, stopPidFile } from './process-control';

const pidFile = (dir: string): string => path.join(dir, 'registry.pid');

/** Answers when the registry serves `GET /` (it reads its whole schema topic before listening). */
export async function waitForRegistry(url: string, timeoutMs: number): Promise<void> {
  await pollUntil(async () => (await fetch(`${url}/`)).ok, timeoutMs, `schema registry at ${url}`);
}

/** Runs Herald's local registry (dist/services/registry/main.js) detached, storing schemas in Kafka. */
export async function startRegistryProcess(opts: { dir: string; port: number; brokers: string }): Promise<void> {
  const url = `http://127.0.0.1:${opts.port}`;
  const existing = readPid(pidFile(opts.dir));
  if (existing === undefined || !isAlive(existing)) {
    const main = path.join(projectRoot(), 'dist', 'services', 'registry', 'main.js');
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    spawnDetached({
      command: process.execPath,
      args: [main],
      env: { ...process.env, REGISTRY_HOST: '127.0.0.1', REGISTRY_PORT: String(opts.port), KAFKA_BROKERS: opts.brokers },
      logFile: path.join(opts.dir, 'registry.log'),
      pidFile: pidFile(opts.dir),
    });
  }
  await waitForRegistry(url, 60_000);
}

export async function stopRegistryProcess(dir: string): Promise<boolean> {
  return stopPidFile(pidFile(dir), 10_000);
}
