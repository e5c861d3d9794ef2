import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

// Runs the built `herald` binary and the built API as child processes: the CLI is exercised exactly as
// people run it (node bin/herald ...), never by importing its functions.

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const HERALD_BIN = path.join(REPO_ROOT, 'bin', 'herald');
const API_MAIN = path.join(REPO_ROOT, 'dist', 'services', 'api', 'main.js');

export function requireBuild(): void {
  for (const file of [path.join(REPO_ROOT, 'dist', 'services', 'cli', 'main.js'), API_MAIN]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the CLI tests`);
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read --json output loosely
  json(): any;
}

/** Starts `node bin/herald ...args`; resolves when it exits (killed after timeoutMs). */
export function startHerald(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, [HERALD_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<RunResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) as unknown });
    });
  });
  return { child, done };
}

export const herald = (args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> => startHerald(args, env).done;

export interface RunningApi {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts dist/services/api/main.js and resolves with the URL it prints once it listens. */
export function startApi(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<RunningApi> {
  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise<RunningApi>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not print its address within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onLine = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { url?: unknown; msg?: unknown };
        if (typeof entry.url === 'string' && typeof entry.msg === 'string' && entry.msg.includes('listening')) {
          clearTimeout(timer);
          const url = entry.url;
          resolve({
            url,
            stop: () =>
              new Promise<void>((stopped) => {
                child.once('close', () => stopped());
                child.kill('SIGTERM');
              }),
          });
          return;
        }
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${String(code)}) before listening:\n${output}`));
    });
  });
}
