import * as fs from 'node:fs';
import { spawn } from 'node:child_process';

export interface SpawnDetachedOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  pidFile: string;
}

/** Starts a long-lived process that survives its parent (so `stack:up` can return), logging to a file. */
export function spawnDetached(opts: SpawnDetachedOptions): number {
  const out = fs.openSync(opts.logFile, 'a');
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`failed to start ${opts.command}`);
  child.unref();
  fs.writeFileSync(opts.pidFile, String(child.pid));
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPid(pidFile: string): number | undefined {
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Polls `check` until it returns true or the deadline passes; the only way the stack waits. */
export async function pollUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}

/**
 * Stops a process group started by spawnDetached: SIGTERM (graceful, e.g. Kafka's controlled shutdown),
 * then SIGKILL after graceMs. Removes the pid file. Resolves once the process is gone.
 */
export async function stopPidFile(pidFile: string, graceMs: number): Promise<boolean> {
  const pid = readPid(pidFile);
  if (pid === undefined) return false;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  if (isAlive(pid)) {
    signal('SIGTERM');
    try {
      await pollUntil(() => !isAlive(pid), graceMs, `pid ${pid} to exit`);
    } catch {
      signal('SIGKILL');
      await pollUntil(() => !isAlive(pid), 10_000, `pid ${pid} to die after SIGKILL`);
    }
  }
  fs.rmSync(pidFile, { force: true });
  return true;
}
