import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureTlsMaterial } from './tls-ca';

describe('ensureTlsMaterial', () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herald-tls-')), 'tls');
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('makes a CA and a server certificate for loopback and the providers host names, once', () => {
    const material = ensureTlsMaterial(dir);
    const ca = new X509Certificate(material.caCertPem);
    const server = new X509Certificate(material.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    for (const host of ['localhost', 'fcm.googleapis.com', 'api.sandbox.push.apple.com']) expect(server.checkHost(host)).toBe(host);
    expect(material.caCertPath).toBe(path.join(dir, 'ca.pem'));
    expect(ensureTlsMaterial(dir).certPem).toBe(material.certPem);
  });

  it('survives several processes creating the same directory at once', async () => {
    const racing = path.join(path.dirname(dir), 'race');
    const { spawn } = await import('node:child_process');
    const script = `require('${require.resolve('./tls-ca').replace(/\\.ts$/, '')}')`;
    // Each child is a fresh Node process resolving the TypeScript module through tsx.
    const runs = Array.from({ length: 3 }, () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', `${script}.ensureTlsMaterial(${JSON.stringify(racing)})`], { stdio: 'ignore' });
        child.on('exit', resolve);
      }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0]);
    expect(fs.readdirSync(racing).sort()).toEqual(['ca-key.pem', 'ca.pem', 'server-key.pem', 'server.pem']);
    expect(fs.readdirSync(path.dirname(racing)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
