import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

export interface SpawnedFakes {
  fcmUrl: string;
  apnsUrl: string;
  webpushUrl: string;
  caCertPath: string;
  caCertPem: string;
  workers: number;
  child: ChildProcess;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `services/fakes/main` as its own process (compiled .js, or .ts through tsx) with exactly `env`
 * as its environment (pass `{...process.env, FAKE_FCM_PORT: '0', ...}`), and resolves once it printed
 * "fakes ready". For benchmarks and e2e tests.
 */
export function spawnFakes(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<SpawnedFakes> {
  const main = require.resolve('./main');
  const args = main.endsWith('.ts') ? ['--import', 'tsx', main] : [main];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fakes did not start within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exitedEarly = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`fakes exited with ${code}:\n${out}\n${err}`));
    };
    child.once('exit', exitedEarly);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"fakes ready"'));
      if (!line) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      const ready = JSON.parse(line) as { fcmUrl: string; apnsUrl: string; webpushUrl: string; caCertPath: string; workers: number };
      resolve({
        fcmUrl: ready.fcmUrl,
        apnsUrl: ready.apnsUrl,
        webpushUrl: ready.webpushUrl,
        caCertPath: ready.caCertPath,
        caCertPem: fs.readFileSync(ready.caCertPath, 'utf8'),
        workers: ready.workers,
        child,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
