import type { ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import type { FakeGatewayAddresses } from '../../../infra/stack/local-stages';
import { createControlClient, startFakeGateways, type FakeControl } from '../../../services/fakes';
import { spawnFakes } from '../../../services/fakes/spawn-fakes';
import type { StageExit, StageProcess } from './stage-process';

// The fake FCM, APNs and Web Push gateways a pipeline sends to: in the test process (tests inspect
// what each token received directly), or as their own process (the benchmark, so the fakes' CPU and
// memory are measured apart), scripted and inspected over the control API.

export interface PipelineFakes extends FakeControl {
  readonly addresses: FakeGatewayAddresses;
  /** The fakes' process when they run in one. */
  readonly process: StageProcess | null;
  close(): Promise<void>;
}

export interface FakesLocation {
  readonly tlsDir: string;
  readonly credentialsDir: string;
}

export async function startFakesInProcess(at: FakesLocation): Promise<PipelineFakes> {
  const gateways = await startFakeGateways({ tlsDir: at.tlsDir, devCredentialsDir: at.credentialsDir });
  return {
    ...gateways,
    addresses: { fcmUrl: gateways.fcmUrl, apnsUrl: gateways.apnsUrl, webpushUrl: gateways.webpushUrl, caFile: gateways.caCertPath },
    process: null,
    close: () => gateways.close(),
  };
}

export interface FakesProcessOptions extends FakesLocation {
  readonly env: NodeJS.ProcessEnv;
  readonly echo?: (line: string) => void;
  readonly readyTimeoutMs: number;
}

/** `node dist/services/fakes/main.js` on ephemeral ports (services/fakes/spawn-fakes.ts), with its control client. */
export async function startFakesProcess(options: FakesProcessOptions): Promise<PipelineFakes> {
  const spawned = await spawnFakes(
    {
      ...options.env,
      FAKE_FCM_PORT: '0',
      FAKE_APNS_PORT: '0',
      FAKE_WEBPUSH_PORT: '0',
      FAKES_TLS_DIR: options.tlsDir,
      FAKES_DEV_CREDENTIALS_DIR: options.credentialsDir,
    },
    options.readyTimeoutMs,
  );
  const child = asStageProcess('fakes', spawned.child, options.echo);
  const control = createControlClient({ baseUrl: spawned.fcmUrl, caCertPem: spawned.caCertPem });
  return {
    ...control,
    addresses: { fcmUrl: spawned.fcmUrl, apnsUrl: spawned.apnsUrl, webpushUrl: spawned.webpushUrl, caFile: spawned.caCertPath },
    process: child,
    close: async () => {
      await control.close();
      await child.stop(10_000);
    },
  };
}

/** A spawned child seen through the StageProcess interface (it has no ops port: always "ready"). */
function asStageProcess(name: string, child: ChildProcess, echo?: (line: string) => void): StageProcess {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 100) lines.shift();
      echo?.(`${name.padEnd(14)}| ${line}`);
    });
  }
  let exitInfo: StageExit | null = child.exitCode === null ? null : { code: child.exitCode, signal: null };
  const exited = new Promise<StageExit>((resolve) => {
    if (exitInfo !== null) return resolve(exitInfo);
    child.once('exit', (code, signal) => resolve((exitInfo = { code, signal })));
  });
  const kill = async (signal: NodeJS.Signals): Promise<StageExit> => {
    if (exitInfo === null) child.kill(signal);
    return exited;
  };
  return {
    name,
    pid: child.pid ?? -1,
    opsPort: null,
    exit: () => exitInfo,
    output: () => lines.join('\n'),
    waitReady: () => Promise.resolve(),
    kill,
    async stop(graceMs) {
      const timer = setTimeout(() => void kill('SIGKILL'), graceMs);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
