import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';

export interface ChildSpec {
  /** Short name shown before each of its log lines. */
  name: string;
  /** Absolute path of the compiled entry point. */
  main: string;
  env: NodeJS.ProcessEnv;
  /** Flags for node before the entry point (V8 settings, profiling). */
  nodeArgs?: readonly string[];
}

export interface Supervisor {
  /** Resolves with the first child's exit (name and code) that was not asked to stop. */
  readonly firstExit: Promise<{ name: string; code: number | null }>;
  /** SIGTERM to every child (they drain and commit), SIGKILL to any still alive after graceMs. */
  stopAll(graceMs: number): Promise<void>;
}

/**
 * Runs Herald's stages as child processes in the foreground, prefixing each output line with the
 * stage's name. Stopping is ordered by the caller (senders before the stack they depend on).
 */
export function superviseChildren(specs: readonly ChildSpec[], out: (line: string) => void): Supervisor {
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let reportExit: (exit: { name: string; code: number | null }) => void = () => undefined;
  const firstExit = new Promise<{ name: string; code: number | null }>((resolve) => (reportExit = resolve));
  for (const spec of specs) {
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.main], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(spec.name, child);
    const pad = spec.name.padEnd(14);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => out(`${pad}| ${line}`));
    }
    child.on('exit', (code) => {
      children.delete(spec.name);
      if (!stopping) reportExit({ name: spec.name, code });
    });
  }
  return {
    firstExit,
    async stopAll(graceMs) {
      stopping = true;
      const alive = [...children.values()];
      const exited = alive.map((c) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : c.once('exit', () => resolve()))));
      for (const c of alive) c.kill('SIGTERM');
      const timer = setTimeout(() => alive.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), graceMs);
      await Promise.all(exited);
      clearTimeout(timer);
    },
  };
}
