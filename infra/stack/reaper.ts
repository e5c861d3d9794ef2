import * as fs from 'node:fs';
import { stopKafka } from './kafka-broker';
import { isAlive } from './process-control';

/**
 * `node reaper.js <pid> <stackDir>`: waits for process <pid> (a test run) to end, then stops the
 * broker of <stackDir> and removes the directory. Started detached beside a test stack, it makes
 * sure a test run that is killed (timeout, Ctrl-C twice) leaves no JVM behind; after a normal
 * teardown it finds nothing left to stop.
 */
async function main(): Promise<void> {
  const [pidArg, dir] = process.argv.slice(2);
  const pid = Number(pidArg);
  if (!Number.isInteger(pid) || pid <= 0 || dir === undefined) throw new Error('usage: reaper <pid> <stackDir>');
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 1000));
  if (fs.existsSync(dir)) {
    await stopKafka(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const suffix of ['-reaper.log', '-reaper.pid']) fs.rmSync(`${dir}${suffix}`, { force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
