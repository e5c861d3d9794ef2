import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as readline from 'node:readline';

// One Herald stage as a real child process (`node dist/services/<stage>/main.js`): started with its
// own environment, ready when its ops server answers /readyz with 200, stopped with SIGTERM (then
// SIGKILL after a deadline) or killed outright. Its output is kept (last lines) for failure messages.

export interface StageProcessSpec {
  /** Short name: targeting, sender-fcm, feedback, fakes... */
  readonly name: string;
  /** Absolute path of the compiled entry point. */
  readonly main: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Port of the stage's ops server (OPS_PORT), polled for /readyz; null when it has none. */
  readonly opsPort: number | null;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  /** Also print every output line (prefixed) to this sink. */
  readonly echo?: (line: string) => void;
}

export interface StageExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StageProcess {
  readonly name: string;
  readonly pid: number;
  /** Port of its ops server (/metrics, /healthz, /readyz); null when it has none. */
  readonly opsPort: number | null;
  /** Null while it runs. */
  exit(): StageExit | null;
  /** Last output lines (stdout and stderr), for failure messages. */
  output(): string;
  /**
   * Resolves once /readyz answers 200 (every consumer joined its group), or with `healthzOnly` once
   * /healthz does (the process is up: e.g. after a SIGKILL, joining waits out the dead member's
   * session). At once without an ops port; throws if the process exits or the deadline passes.
   */
  waitReady(timeoutMs: number, healthzOnly?: boolean): Promise<void>;
  /** Sends `signal` and resolves when the process is gone. */
  kill(signal: NodeJS.Signals): Promise<StageExit>;
  /** SIGTERM (the stage drains and commits), SIGKILL if still alive after graceMs. */
  stop(graceMs: number): Promise<StageExit>;
}

const KEPT_LINES = 300;

export function startStageProcess(spec: StageProcessSpec): StageProcess {
  const child: ChildProcess = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.main], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${spec.name}: spawn failed`);
  const pid = child.pid;
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      spec.echo?.(`${spec.name.padEnd(14)}| ${line}`);
    });
  }
  let exitInfo: StageExit | null = null;
  const exited = new Promise<StageExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });

  const output = (): string => lines.join('\n');

  const kill = async (signal: NodeJS.Signals): Promise<StageExit> => {
    if (exitInfo === null) child.kill(signal);
    return exited;
  };

  return {
    name: spec.name,
    pid,
    opsPort: spec.opsPort,
    exit: () => exitInfo,
    output,
    async waitReady(timeoutMs, healthzOnly = false) {
      if (spec.opsPort === null) return;
      const path = healthzOnly ? '/healthz' : '/readyz';
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer yet';
      for (;;) {
        if (exitInfo !== null) {
          throw new Error(`${spec.name} exited (${JSON.stringify(exitInfo)}) before it was ready:\n${output()}`);
        }
        const answer = await getStatus(spec.opsPort, path);
        if (answer.status === 200) return;
        last = `${answer.status} ${answer.body}`;
        if (Date.now() >= deadline) {
          throw new Error(`${spec.name} not ready after ${timeoutMs} ms (last ${path}: ${last}):\n${output()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill,
    async stop(graceMs) {
      if (exitInfo !== null) return exitInfo;
      const timer = setTimeout(() => void kill('SIGKILL'), graceMs);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** GET on the loopback ops port; status 0 when nothing answers. */
function getStatus(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, timeout: 3000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 500) }));
      response.on('error', () => resolve({ status: 0, body: 'response error' }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve({ status: 0, body: error.message }));
  });
}
