import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FakeGatewayAddresses } from '../../../infra/stack/local-stages';
import { freePort } from '../../../infra/stack/free-port';
import { createControlClient, startFakeGateways, type FakeControl } from '../../../services/fakes';
import { startStageProcess, type StageProcess } from './stage-process';

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
  readonly root: string;
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

/** `node dist/services/fakes/main.js` on free ports; ready once the control API answers. */
export async function startFakesProcess(options: FakesProcessOptions): Promise<PipelineFakes> {
  const ports = { fcm: await freePort(), apns: await freePort(), webpush: await freePort() };
  const child = startStageProcess({
    name: 'fakes',
    main: path.join(options.root, 'dist', 'services', 'fakes', 'main.js'),
    cwd: options.root,
    opsPort: null,
    env: {
      ...options.env,
      FAKE_FCM_PORT: String(ports.fcm),
      FAKE_APNS_PORT: String(ports.apns),
      FAKE_WEBPUSH_PORT: String(ports.webpush),
      FAKES_TLS_DIR: options.tlsDir,
      FAKES_DEV_CREDENTIALS_DIR: options.credentialsDir,
    },
    ...(options.echo ? { echo: options.echo } : {}),
  });
  const addresses: FakeGatewayAddresses = {
    fcmUrl: `https://127.0.0.1:${ports.fcm}`,
    apnsUrl: `https://127.0.0.1:${ports.apns}`,
    webpushUrl: `https://127.0.0.1:${ports.webpush}`,
    caFile: path.join(options.tlsDir, 'ca.pem'),
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  let control: ReturnType<typeof createControlClient> | undefined;
  for (;;) {
    if (child.exit() !== null) throw new Error(`fakes exited before they were ready:\n${child.output()}`);
    try {
      control = createControlClient({ baseUrl: addresses.fcmUrl, caCertPem: fs.readFileSync(addresses.caFile, 'utf8'), timeoutMs: 2000 });
      await control.counters();
      break;
    } catch (error) {
      await control?.close();
      if (Date.now() >= deadline) {
        await child.kill('SIGKILL');
        throw new Error(`fakes not ready after ${options.readyTimeoutMs} ms (${String(error)}):\n${child.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const ready = control;
  return {
    ...ready,
    addresses,
    process: child,
    close: async () => {
      await ready.close();
      await child.stop(10_000);
    },
  };
}
