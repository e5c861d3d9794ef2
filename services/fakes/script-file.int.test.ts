import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevCredentials } from './dev-credentials';
import { startFakeGateways } from './gateways';
import { loadScriptFile } from './script-file';
import { TEST_CREDENTIALS_DIR, TEST_TLS_DIR } from './test-support/test-dirs';

describe('script file', () => {
  it('gives auth config (key paths relative to the file) and commands the fakes apply', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-script-'));
    const credentials = ensureDevCredentials(TEST_CREDENTIALS_DIR);
    fs.copyFileSync(credentials.apns.keyPath, path.join(dir, 'key.p8'));
    fs.writeFileSync(
      path.join(dir, 'fakes.json'),
      JSON.stringify({
        auth: { fcm: { acceptedTokens: ['scripted-token'] }, apns: { keys: [{ keyId: 'SCRIPTKEY1', teamId: 'SCRIPTTEAM', keyPath: 'key.p8', topics: ['com.example'] }] } },
        commands: [
          { kind: 'markDead', provider: 'fcm', token: 'dead-token-1' },
          { kind: 'setLatency', provider: 'apns', latency: { kind: 'fixed', ms: 1 } },
        ],
      }),
    );
    const script = loadScriptFile(path.join(dir, 'fakes.json'));
    expect(script.auth.fcm?.acceptedTokens).toEqual(['scripted-token']);
    expect(script.auth.apns?.keys?.[0]?.keyPem).toContain('PRIVATE KEY');
    const fakes = await startFakeGateways({ tlsDir: TEST_TLS_DIR, devCredentialsDir: false, auth: script.auth });
    try {
      for (const command of script.commands) await fakes.executeHere(command);
      const response = await fetchStatus(fakes.fcmUrl, fakes.caCertPem, 'scripted-token', 'dead-token-1');
      expect(response).toBe(404);
    } finally {
      await fakes.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown commands', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herald-script-')), 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ commands: [{ kind: 'explode' }] }));
    expect(() => loadScriptFile(file)).toThrow();
  });
});

async function fetchStatus(baseUrl: string, ca: string, bearer: string, token: string): Promise<number> {
  const { h2Connect, h2Request, closeSession } = await import('./test-support/h2-request');
  const session = await h2Connect(baseUrl, ca);
  try {
    const response = await h2Request(session, { ':path': '/v1/projects/p/messages:send', authorization: `Bearer ${bearer}` }, JSON.stringify({ message: { token } }));
    return response.status;
  } finally {
    await closeSession(session);
  }
}
